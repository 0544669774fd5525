//! A chain of providers: the first that has credentials wins, and keeps winning.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{
    Credentials, CredentialsError, CredentialsFuture, CvmRoleCredentials, EnvironmentCredentials,
    ProfileFileCredentials, ProvideCredentials,
};

/// No provider has answered yet.
const UNRESOLVED: usize = usize::MAX;

/// Tries providers in order; the first that has credentials wins and answers every later call
/// (so its cache and refreshes are used, and the others are not asked again). While none has
/// answered, every call tries them all again, and the error lists every provider's reason.
#[derive(Debug)]
pub struct CredentialsChain {
    providers: Vec<Box<dyn ProvideCredentials>>,
    winner: AtomicUsize,
}

impl CredentialsChain {
    /// An empty chain; add providers with [`CredentialsChain::or`].
    pub fn new() -> Self {
        Self {
            providers: Vec::new(),
            winner: AtomicUsize::new(UNRESOLVED),
        }
    }

    /// Adds a provider tried after the ones before it.
    pub fn or(mut self, provider: impl ProvideCredentials) -> Self {
        self.providers.push(Box::new(provider));
        self
    }

    /// The official SDKs' order (tencentcloud-sdk-go `DefaultProviderChain`, the Java SDK's
    /// `DefaultCredentialsProvider`): the environment, then the profile file, then the CVM instance
    /// role. With the `sts` feature, TKE's OIDC role (the `TKE_*` variables; the official chains
    /// leave it to the caller) comes before the instance role: a pod runs on a CVM whose metadata
    /// service answers with the node's role, which must not win over the pod's own.
    pub fn default_chain() -> Self {
        let chain = Self::new()
            .or(EnvironmentCredentials)
            .or(ProfileFileCredentials::new());
        #[cfg(feature = "sts")]
        let chain = chain.or(super::OidcRoleCredentials::from_tke_env());
        chain.or(CvmRoleCredentials::new())
    }

    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let mut reasons = Vec::new();
        for (index, provider) in self.providers.iter().enumerate() {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    self.winner.store(index, Ordering::Relaxed);
                    return Ok(credentials);
                }
                Err(e) => reasons.push(e.message),
            }
        }
        if reasons.is_empty() {
            reasons.push("the credentials chain is empty".to_owned());
        }
        Err(CredentialsError::new(reasons.join("; ")))
    }
}

impl Default for CredentialsChain {
    fn default() -> Self {
        Self::default_chain()
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        match self.providers.get(self.winner.load(Ordering::Relaxed)) {
            Some(winner) => winner.provide_credentials(),
            None => CredentialsFuture::new(self.resolve()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;
    use std::sync::Arc;

    #[derive(Debug)]
    struct Never(&'static str);
    impl ProvideCredentials for Never {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            CredentialsFuture::ready(Err(CredentialsError::new(self.0)))
        }
    }

    #[derive(Debug, Default)]
    struct Counting(Arc<AtomicU32>);
    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            self.0.fetch_add(1, Ordering::Relaxed);
            CredentialsFuture::ready(Ok(Credentials::new("counted", "key")))
        }
    }

    #[tokio::test]
    async fn chain_reports_every_reason() {
        let chain = CredentialsChain::new()
            .or(Never("first"))
            .or(Never("second"));
        assert_eq!(
            chain.provide_credentials().await.unwrap_err().to_string(),
            "no credentials: first; second"
        );
        let chain = CredentialsChain::new()
            .or(Never("first"))
            .or(Credentials::new("id", "key"));
        assert_eq!(chain.provide_credentials().await.unwrap().secret_id(), "id");
        let empty = CredentialsChain::new().provide_credentials().await;
        assert!(empty.unwrap_err().to_string().contains("empty"));
    }

    #[tokio::test]
    async fn the_winner_keeps_answering() {
        let asked = Arc::new(AtomicU32::new(0));
        let later = Arc::new(AtomicU32::new(0));
        let chain = CredentialsChain::new()
            .or(Never("not here"))
            .or(Counting(asked.clone()))
            .or(Counting(later.clone()));
        for _ in 0..3 {
            assert_eq!(
                chain.provide_credentials().await.unwrap().secret_id(),
                "counted"
            );
        }
        assert_eq!(asked.load(Ordering::Relaxed), 3);
        assert_eq!(later.load(Ordering::Relaxed), 0);
    }
}
