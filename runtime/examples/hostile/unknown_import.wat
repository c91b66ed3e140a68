;; Hostile job: imports a host function the ABI does not have; must be rejected at load
;; with "imports unknown host function env.get_time".
(module
  (import "env" "get_time" (func $get_time (result i64)))
  (func (export "run") (result i32)
    call $get_time
    i32.wrap_i64))
