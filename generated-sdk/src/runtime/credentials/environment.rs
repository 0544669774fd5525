//! `TENCENTCLOUD_*` environment variables.

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, and a token from `TENCENTCLOUD_TOKEN` or
/// `TENCENTCLOUD_SECURITY_TOKEN` (as tccli and the Terraform provider read them).
#[derive(Debug, Clone, Default)]
pub struct EnvironmentCredentials;

impl EnvironmentCredentials {
    /// Reads the variables now.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let id = var("TENCENTCLOUD_SECRET_ID");
        let key = var("TENCENTCLOUD_SECRET_KEY");
        match (id, key) {
            (Some(id), Some(key)) => {
                let credentials = Credentials::new(id, key);
                Ok(
                    match var("TENCENTCLOUD_TOKEN").or_else(|| var("TENCENTCLOUD_SECURITY_TOKEN")) {
                        Some(token) => credentials.with_token(token),
                        None => credentials,
                    },
                )
            }
            _ => Err(CredentialsError::new(
                "TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not both set",
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        CredentialsFuture::ready(self.credentials())
    }
}
