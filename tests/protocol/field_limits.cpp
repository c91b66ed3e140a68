// Declared field limits (protocol/proto/limits.proto) and their checker
// (protocol/wire/field_limits.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "proto/economics.pb.h"
#include "proto/job.pb.h"
#include "proto/limits.pb.h"
#include "proto/scenario.pb.h"
#include "protocol/wire/field_limits.hpp"

namespace {

using namespace icn;
namespace pb = google::protobuf;

// Every integer field reachable from `type` that declares no range ("Message.field").
void collect_unlimited(const pb::Descriptor* type, std::set<std::string>& seen,
                       std::set<std::string>& unlimited) {
  if (!seen.insert(type->full_name()).second) return;
  for (int i = 0; i < type->field_count(); ++i) {
    const pb::FieldDescriptor* f = type->field(i);
    const auto& limit = f->options().GetExtension(icnmesh::v1::limit);
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        collect_unlimited(f->message_type(), seen, unlimited);
        break;
      case pb::FieldDescriptor::CPPTYPE_UINT32:
      case pb::FieldDescriptor::CPPTYPE_UINT64:
        if (!limit.has_max()) unlimited.insert(f->full_name());
        break;
      case pb::FieldDescriptor::CPPTYPE_INT32:
      case pb::FieldDescriptor::CPPTYPE_INT64:
        if (!limit.has_min_signed() || !limit.has_max_signed()) unlimited.insert(f->full_name());
        break;
      default:
        break;
    }
  }
}

}  // namespace

TEST_CASE("every integer a job spec, scenario or parameter file can hold declares its range") {
  std::set<std::string> seen, unlimited;
  collect_unlimited(icnmesh::v1::JobSpec::descriptor(), seen, unlimited);
  collect_unlimited(icnmesh::v1::Scenario::descriptor(), seen, unlimited);
  collect_unlimited(icnmesh::v1::EconomicParams::descriptor(), seen, unlimited);
  std::string names;
  for (const auto& n : unlimited) names += n + "\n";
  INFO("fields without a (limit) option:\n" << names);
  CHECK(unlimited.empty());
}

TEST_CASE("an integer above its maximum is named by path, value, maximum and reason") {
  icnmesh::v1::JobSpec spec;
  spec.mutable_validation()->set_dispute_window_ms(std::numeric_limits<std::int64_t>::max());
  spec.add_inputs()->set_size(1ULL << 41);
  auto problems = check_field_limits(spec);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].field_path == "inputs[0].size");
  CHECK(problems[0].reason == "2199023255552 is above the maximum 1099511627776 (1 TiB)");
  CHECK(problems[1].field_path == "validation.dispute_window_ms");
  CHECK(problems[1].reason ==
        "9223372036854775807 is above the maximum 315360000000 (10 years in ms)");
  spec.mutable_validation()->set_dispute_window_ms(315360000000);
  spec.mutable_inputs(0)->set_size(1ULL << 40);
  CHECK(check_field_limits(spec).empty());
}

TEST_CASE("signed ranges have both ends") {
  icnmesh::v1::Scenario s;
  s.add_faults()->mutable_skew()->set_offset_ms(std::numeric_limits<std::int64_t>::min());
  auto problems = check_field_limits(s);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field_path == "faults[0].skew.offset_ms");
  CHECK(problems[0].reason ==
        "-9223372036854775808 is below the minimum -315360000000 (10 years in ms)");
  s.mutable_faults(0)->mutable_skew()->set_offset_ms(-315360000000);
  CHECK(check_field_limits(s).empty());
}

TEST_CASE("real numbers must be finite") {
  icnmesh::v1::Scenario s;
  s.mutable_network()->set_loss(std::nan(""));
  s.add_expect()->set_value(std::numeric_limits<double>::infinity());
  auto problems = check_field_limits(s);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].field_path == "network.loss");
  CHECK(problems[0].reason == "must be a finite number (got nan)");
  CHECK(problems[1].field_path == "expect[0].value");
  CHECK(problems[1].reason == "must be a finite number (got inf)");
}

TEST_CASE("strings, bytes and lists are capped: declared sizes, else the reader's defaults") {
  icnmesh::v1::JobSpec spec;
  spec.set_name(std::string(65 * 1024, 'n'));
  spec.mutable_runtime()->mutable_code()->set_inline_bytes(std::string((8 << 20) + 1, '\0'));
  for (int i = 0; i < 1025; ++i) spec.mutable_runtime()->add_args("a");
  auto problems = check_field_limits(spec);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].field_path == "name");
  CHECK(problems[0].reason == "is 66560 bytes long, at most 65536");
  CHECK(problems[1].field_path == "runtime.code.inline_bytes");
  CHECK(problems[1].reason.rfind("is 8388609 bytes long, at most 8388608 (8 MiB", 0) == 0);
  CHECK(problems[2].field_path == "runtime.args");
  CHECK(problems[2].reason == "has 1025 elements, at most 1024");
  SizeDefaults generous;
  generous.max_string_bytes = 1 << 20;
  generous.max_items = 2000;
  CHECK(check_field_limits(spec, generous).size() == 1);
}
