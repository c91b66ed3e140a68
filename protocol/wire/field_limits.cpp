#include "protocol/wire/field_limits.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>

#include "proto/limits.pb.h"

namespace icn {

namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

std::string real_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string with_why(std::string reason, const icnmesh::v1::FieldLimit& limit) {
  if (!limit.why().empty()) reason += " (" + limit.why() + ")";
  return reason;
}

class LimitChecker {
 public:
  explicit LimitChecker(const SizeDefaults& defaults) : defaults_(defaults) {}

  void message(const pb::Message& m, const std::string& path) {
    const pb::Reflection* reflection = m.GetReflection();
    std::vector<const FD*> fields;
    reflection->ListFields(m, &fields);
    for (const FD* field : fields) {
      const std::string name = path.empty() ? field->name() : path + "." + field->name();
      const auto& limit = field->options().GetExtension(icnmesh::v1::limit);
      if (!field->is_repeated()) {
        value(m, field, -1, name, limit);
        continue;
      }
      const int count = reflection->FieldSize(m, field);
      const std::size_t max_items = limit.has_max_items() ? limit.max_items() : defaults_.max_items;
      if (static_cast<std::size_t>(count) > max_items) {
        add(name, with_why("has " + std::to_string(count) + " elements, at most " +
                               std::to_string(max_items),
                           limit));
        continue;  // a list that long is refused whole; its elements are not looked at
      }
      for (int i = 0; i < count; ++i)
        value(m, field, i, name + "[" + std::to_string(i) + "]", limit);
    }
  }

  std::vector<LimitProblem> take() { return std::move(problems_); }

 private:
  void add(const std::string& path, std::string reason) {
    problems_.push_back(LimitProblem{path, std::move(reason)});
  }

  // One value of `field`: element `index` of a repeated field, or the field itself (-1).
  void value(const pb::Message& m, const FD* field, int index, const std::string& path,
             const icnmesh::v1::FieldLimit& limit) {
    const pb::Reflection* r = m.GetReflection();
    const bool rep = index >= 0;
    switch (field->cpp_type()) {
      case FD::CPPTYPE_MESSAGE:
        message(rep ? r->GetRepeatedMessage(m, field, index) : r->GetMessage(m, field), path);
        return;
      case FD::CPPTYPE_UINT32:
        unsigned_value(rep ? r->GetRepeatedUInt32(m, field, index) : r->GetUInt32(m, field), path,
                       limit);
        return;
      case FD::CPPTYPE_UINT64:
        unsigned_value(rep ? r->GetRepeatedUInt64(m, field, index) : r->GetUInt64(m, field), path,
                       limit);
        return;
      case FD::CPPTYPE_INT32:
        signed_value(rep ? r->GetRepeatedInt32(m, field, index) : r->GetInt32(m, field), path,
                     limit);
        return;
      case FD::CPPTYPE_INT64:
        signed_value(rep ? r->GetRepeatedInt64(m, field, index) : r->GetInt64(m, field), path,
                     limit);
        return;
      case FD::CPPTYPE_DOUBLE:
        real_value(rep ? r->GetRepeatedDouble(m, field, index) : r->GetDouble(m, field), path);
        return;
      case FD::CPPTYPE_FLOAT:
        real_value(rep ? r->GetRepeatedFloat(m, field, index) : r->GetFloat(m, field), path);
        return;
      case FD::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& s = rep ? r->GetRepeatedStringReference(m, field, index, &scratch)
                                   : r->GetStringReference(m, field, &scratch);
        const std::size_t fallback = field->type() == FD::TYPE_BYTES ? defaults_.max_bytes_bytes
                                                                     : defaults_.max_string_bytes;
        const std::size_t max_bytes = limit.has_max_bytes() ? limit.max_bytes() : fallback;
        if (s.size() > max_bytes) {
          add(path, with_why("is " + std::to_string(s.size()) + " bytes long, at most " +
                                 std::to_string(max_bytes),
                             limit));
        }
        return;
      }
      default:  // bool and enum: every value the parser accepts is in range
        return;
    }
  }

  void unsigned_value(std::uint64_t v, const std::string& path,
                      const icnmesh::v1::FieldLimit& limit) {
    if (limit.has_max() && v > limit.max()) {
      add(path, with_why(std::to_string(v) + " is above the maximum " + std::to_string(limit.max()),
                         limit));
    }
  }

  void signed_value(std::int64_t v, const std::string& path, const icnmesh::v1::FieldLimit& limit) {
    if (limit.has_min_signed() && v < limit.min_signed()) {
      add(path, with_why(std::to_string(v) + " is below the minimum " +
                             std::to_string(limit.min_signed()),
                         limit));
    } else if (limit.has_max_signed() && v > limit.max_signed()) {
      add(path, with_why(std::to_string(v) + " is above the maximum " +
                             std::to_string(limit.max_signed()),
                         limit));
    }
  }

  // Real numbers feed probabilities, rates and scores; NaN and infinities make every
  // comparison with them meaningless, so none is accepted anywhere.
  void real_value(double v, const std::string& path) {
    if (!std::isfinite(v)) add(path, "must be a finite number (got " + real_text(v) + ")");
  }

  const SizeDefaults& defaults_;
  std::vector<LimitProblem> problems_;
};

}  // namespace

std::vector<LimitProblem> check_field_limits(const google::protobuf::Message& message,
                                             const SizeDefaults& defaults) {
  LimitChecker checker(defaults);
  checker.message(message, "");
  return checker.take();
}

}  // namespace icn
