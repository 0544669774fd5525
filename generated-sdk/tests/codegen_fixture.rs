//! Runs the protocol tests of codegen's snapshot fixture against this runtime.
#![cfg(feature = "codegen-fixture")]

#[path = "../../codegen/tests/snapshots/tests/demo_v1_examples.rs"]
mod demo_v1_examples;
