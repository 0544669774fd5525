//! Runs the protocol tests of codegen's snapshot fixture against this runtime.
#![cfg(feature = "codegen-fixture")]

#[path = "../../codegen/tests/snapshots/tests/examples/demo_v1.rs"]
#[rustfmt::skip]
mod demo_v1_examples;
