//! The hand-written runtime shared by every generated service module.

mod client;
mod config;
pub mod credentials;
pub mod de;
pub mod encode;
pub mod envelope;
mod error;
mod macros;
#[cfg(feature = "test-util")]
pub mod mock;
mod operation;
pub mod paginate;
#[cfg(feature = "protocol-qingcloud")]
pub mod qingcloud_config;
pub mod rate_limit;
pub mod retry;
mod sensitive;
pub mod signing;
#[cfg(test)]
mod test_fixtures;
#[doc(hidden)]
pub mod testing;
pub mod transport;
pub mod waiter;

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
pub use rate_limit::{RateLimitError, RateLimiter};
pub use retry::RetryConfig;
pub use sensitive::SensitiveString;
pub use signing::{HmacAlgorithm, SigningMethod};
pub use transport::{
    HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError, TransportErrorKind,
};
