//! Where secrets come from: static values, the environment, profile files, the CVM instance role,
//! STS (AssumeRole, OIDC in TKE), or a chain of these.
//!
//! Resolution is asynchronous ([`ProvideCredentials::provide_credentials`]): static sources answer
//! at once without allocating, temporary ones fetch over the network without blocking a runtime
//! thread. Temporary credentials carry their expiry and are refreshed ahead of it, one refresh at a
//! time however many calls wait.

mod cache;
mod chain;
mod cvm_role;
mod environment;
mod profile;
#[cfg(feature = "sts")]
mod sts;

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use super::SensitiveString;

pub use chain::CredentialsChain;
pub use cvm_role::CvmRoleCredentials;
pub use environment::EnvironmentCredentials;
pub use profile::ProfileFileCredentials;
#[cfg(feature = "sts")]
pub use sts::{AssumeRoleCredentials, OidcRoleCredentials};

/// A secret id / secret key pair, with a token and an expiry for temporary credentials.
///
/// Cheap to clone (shared): every call of a client takes a copy.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Arc<Parts>);

#[derive(PartialEq, Eq)]
struct Parts {
    secret_id: String,
    secret_key: SensitiveString,
    token: Option<SensitiveString>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self(Arc::new(Parts {
            secret_id: secret_id.into(),
            secret_key: SensitiveString::new(secret_key),
            token: None,
            expiry: None,
        }))
    }

    /// Temporary credentials: the token travels as `X-TC-Token` / `Token`.
    pub fn with_token(self, token: impl Into<String>) -> Self {
        let mut parts = self.into_parts();
        parts.token = Some(SensitiveString::new(token));
        Self(Arc::new(parts))
    }

    /// When temporary credentials stop working; providers refresh them ahead of it.
    pub fn with_expiry(self, expiry: SystemTime) -> Self {
        let mut parts = self.into_parts();
        parts.expiry = Some(expiry);
        Self(Arc::new(parts))
    }

    fn into_parts(self) -> Parts {
        Arc::try_unwrap(self.0).unwrap_or_else(|shared| Parts {
            secret_id: shared.secret_id.clone(),
            secret_key: shared.secret_key.clone(),
            token: shared.token.clone(),
            expiry: shared.expiry,
        })
    }

    /// The secret id (public: it identifies the key, it does not sign).
    pub fn secret_id(&self) -> &str {
        &self.0.secret_id
    }

    /// The secret key.
    pub fn secret_key(&self) -> &str {
        self.0.secret_key.expose()
    }

    /// The session token of temporary credentials.
    pub fn token(&self) -> Option<&str> {
        self.0.token.as_ref().map(SensitiveString::expose)
    }

    /// The expiry of temporary credentials (`None`: long-term).
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.0.secret_id)
            .field("secret_key", &self.0.secret_key)
            .field("token", &self.0.token)
            .field("expiry", &self.0.expiry)
            .finish()
    }
}

/// No credentials could be found, a credentials file is malformed, or a credentials service
/// (metadata service, STS) is unreachable or refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no credentials: {message}")]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// A credentials error with an explanation.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The explanation.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A source of credentials, asked before every request is signed (so rotated and refreshed keys
/// are picked up). Clones of a client share one provider, and so its cache.
pub trait ProvideCredentials: Send + Sync + fmt::Debug + 'static {
    /// The credentials to sign with.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::ready(Ok(self.clone()))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// The future of [`ProvideCredentials::provide_credentials`]: ready at once (static sources,
/// cached credentials), or a boxed fetch.
pub struct CredentialsFuture<'a>(FutureState<'a>);

type BoxedFetch<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

enum FutureState<'a> {
    Ready(Option<Result<Credentials, CredentialsError>>),
    Fetching(BoxedFetch<'a>),
}

impl<'a> CredentialsFuture<'a> {
    /// Already resolved.
    pub fn ready(result: Result<Credentials, CredentialsError>) -> Self {
        Self(FutureState::Ready(Some(result)))
    }

    /// Resolved by `future`.
    pub fn new(
        future: impl Future<Output = Result<Credentials, CredentialsError>> + Send + 'a,
    ) -> Self {
        Self(FutureState::Fetching(Box::pin(future)))
    }
}

impl Future for CredentialsFuture<'_> {
    type Output = Result<Credentials, CredentialsError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().0 {
            FutureState::Ready(result) => Poll::Ready(
                result
                    .take()
                    .unwrap_or_else(|| Err(CredentialsError::new("polled after completion"))),
            ),
            FutureState::Fetching(future) => future.as_mut().poll(cx),
        }
    }
}

impl fmt::Debug for CredentialsFuture<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CredentialsFuture")
    }
}

pub(crate) fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("AKIDexample", "very-secret").with_token("session-token");
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIDexample"));
        assert!(
            !shown.contains("very-secret") && !shown.contains("session-token"),
            "{shown}"
        );
    }

    #[test]
    fn builders_keep_every_part() {
        let expiry = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let c = Credentials::new("id", "key");
        let shared = c.clone();
        let c = c.with_token("t").with_expiry(expiry);
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token(), c.expiry()),
            ("id", "key", Some("t"), Some(expiry))
        );
        assert_eq!(shared.token(), None, "a clone is not changed");
    }
}
