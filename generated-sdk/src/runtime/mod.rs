//! The hand-written runtime shared by every generated service module.

#[doc(hidden)]
pub mod action_error;
#[doc(hidden)]
pub mod check;
mod client;
mod config;
pub mod credentials;
/// Lenient decoders named by the generated response types (`deserialize_with`, `DecodeFields`);
/// which of them a build uses depends on the services compiled in (not a stable API).
#[doc(hidden)]
pub mod de;
pub(crate) mod encode;
pub(crate) mod envelope;
mod error;
mod macros;
#[cfg(feature = "test-util")]
pub mod mock;
mod operation;
pub(crate) mod paginate;
#[cfg(feature = "protocol-qingcloud")]
pub mod qingcloud_config;
pub mod rate_limit;
pub mod retry;
mod send;
mod sensitive;
#[doc(hidden)]
pub mod ser;
pub(crate) mod signing;
#[cfg(test)]
mod test_fixtures;
#[doc(hidden)]
pub mod testing;
pub mod transport;
pub(crate) mod waiter;

/// The `bytes` crate, whose [`Bytes`](bytes::Bytes) hold [`Body`] contents without copying.
pub use ::bytes;
/// The `http` crate, whose request and response types cross the [`HttpTransport`] boundary.
pub use ::http;

pub use action_error::{ActionError, ErrorCode, NoCommon};
pub use client::{Detached, Handle};
pub use config::Config;
#[cfg(feature = "sts")]
pub use credentials::{AssumeRoleCredentials, OidcRoleCredentials};
pub use credentials::{
    Credentials, CredentialsChain, CredentialsError, CredentialsFuture, CvmRoleCredentials,
    EnvironmentCredentials, ProfileFileCredentials, ProvideCredentials,
};
#[doc(hidden)]
pub use error::{classify_error, ErrorClass};
pub use error::{BuildError, DecodeError, SdkError, ServiceError, ServiceErrorMeta};
pub use operation::{ActionMetadata, Operation, OperationOutput, Protocol, ServiceMetadata};
pub use paginate::{Paginated, Paginator};
pub use rate_limit::{RateLimitError, RateLimiter};
pub use retry::RetryConfig;
pub use send::SendFuture;
pub use sensitive::SensitiveString;
pub use signing::{HmacAlgorithm, SigningMethod};
pub use transport::{
    Body, HttpMethod, HttpRequest, HttpResponse, HttpTransport, MaxResponseBytes, TransportError,
    TransportErrorKind, TransportFuture,
};
#[doc(hidden)]
pub use waiter::WaiterDefinition;
pub use waiter::{Waiter, WaiterError};
