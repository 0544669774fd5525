//! Typed Rust SDK for cloud compute APIs, generated from the YAML specs in `spec/`.
//!
//! Each service version is a module behind its own cargo feature:
//!
//! | module | feature | API |
//! |---|---|---|
//! | [`cvm::v20170312`] | `cvm` (default) | Tencent Cloud CVM API 3.0, version 2017-03-12 |
//! | `ecm::v20190719` | `ecm` | Tencent Cloud ECM API 3.0, version 2019-07-19 |
//! | `cvm_legacy` | `cvm-legacy` | Tencent Cloud legacy CVM API (v2) |
//! | `qingcloud` | `qingcloud` | QingCloud IaaS |
//!
//! Every action has a request struct with a builder (`build()` checks required params and documented
//! bounds before any network traffic), a response struct whose fields are all optional and decoded
//! leniently, and an error enum with the action's documented codes, the common codes and a catch-all.
//! The shared behaviour (encoding, decoding, errors) lives in [`runtime`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod runtime;

pub use runtime::{Config, Credentials, SdkError};

#[cfg(feature = "cvm")]
#[rustfmt::skip] // generated: formatted by codegen
pub mod cvm;
#[cfg(feature = "cvm-legacy")]
#[rustfmt::skip]
pub mod cvm_legacy;
#[cfg(feature = "ecm")]
#[rustfmt::skip]
pub mod ecm;
#[cfg(feature = "qingcloud")]
#[rustfmt::skip]
pub mod qingcloud;

/// The codegen snapshot fixture, compiled here so that its output is proven to build and pass its
/// own protocol tests (tests only; not part of the API).
#[cfg(feature = "codegen-fixture")]
#[doc(hidden)]
#[path = "../../codegen/tests/snapshots/src/demo/mod.rs"]
#[rustfmt::skip]
pub mod demo;

/// The README's code blocks, compiled as doctests so the documented usage stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
