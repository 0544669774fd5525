//! The hand-written runtime shared by every generated service module.

pub mod de;
pub mod encode;
pub mod envelope;
mod error;
mod operation;
mod sensitive;
#[doc(hidden)]
pub mod testing;

pub use error::{BuildError, DecodeError, SdkError, ServiceError, ServiceErrorMeta};
pub use operation::{ActionMetadata, Operation, Protocol, ServiceMetadata};
pub use sensitive::SensitiveString;
