;; Hostile job: unbounded recursion; must trap with "call stack exhausted".
(module
  (func $down (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add
    call $down)
  (func (export "run") (result i32)
    i32.const 0
    call $down))
