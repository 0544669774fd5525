//! Temporary credentials kept until shortly before they expire, refreshed by one fetch at a time.
//!
//! - Fresh credentials are answered from memory (a lock and a clone of an `Arc`).
//! - Credentials are refreshed ahead of expiry: `min(refresh_ahead, lifetime / 2)` before it
//!   (the official SDKs refresh 300 s ahead; keys that live a few seconds get half their life).
//! - One refresh is in flight at a time: callers that find the credentials stale queue behind it
//!   and share its outcome, credentials or error, instead of fetching again.
//! - A failed refresh keeps credentials that have not expired yet (with a warning) and is retried
//!   no sooner than [`RETRY_AFTER_FAILURE`] later; without usable credentials, calls in that window
//!   get the same error at once instead of hammering an unreachable source.

use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use super::{Credentials, CredentialsError};

/// How long after a failed refresh the next one may start.
pub(crate) const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(1);

/// The official SDKs' margin: refresh 300 s before expiry.
pub(crate) const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(300);

#[derive(Debug)]
pub(crate) struct CredentialsCache {
    refresh_ahead: Duration,
    state: Mutex<State>,
    /// Held by the one refresh in flight; waiters queue on it in order.
    flight: tokio::sync::Mutex<()>,
}

#[derive(Debug, Default)]
struct State {
    current: Option<Cached>,
    /// Counts finished refreshes: a waiter that sees it change shares that refresh's outcome.
    generation: u64,
    failure: Option<(CredentialsError, Instant)>,
}

#[derive(Debug)]
struct Cached {
    credentials: Credentials,
    /// When to refresh (`None`: never, the credentials do not expire).
    refresh_at: Option<SystemTime>,
}

impl State {
    fn usable(&self, now: SystemTime) -> Option<Credentials> {
        let cached = self.current.as_ref()?;
        match cached.credentials.expiry() {
            Some(expiry) if expiry <= now => None,
            _ => Some(cached.credentials.clone()),
        }
    }

    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let cached = self.current.as_ref()?;
        let due = cached.refresh_at.is_some_and(|at| at <= now);
        let backing_off = self
            .failure
            .as_ref()
            .is_some_and(|(_, at)| at.elapsed() < RETRY_AFTER_FAILURE);
        if due && !backing_off {
            return None;
        }
        self.usable(now)
    }

    /// The recent failure, when no credentials are usable and no new attempt is due yet.
    fn recent_failure(&self) -> Option<CredentialsError> {
        match &self.failure {
            Some((error, at)) if at.elapsed() < RETRY_AFTER_FAILURE => Some(error.clone()),
            _ => None,
        }
    }
}

impl CredentialsCache {
    pub(crate) fn new(refresh_ahead: Duration) -> Self {
        Self {
            refresh_ahead,
            state: Mutex::default(),
            flight: tokio::sync::Mutex::new(()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Fresh credentials from memory, or from `fetch` (one at a time). `source` names the source
    /// in logs.
    pub(crate) async fn get<F, Fut>(
        &self,
        source: &str,
        fetch: F,
    ) -> Result<Credentials, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Credentials, CredentialsError>>,
    {
        let generation = {
            let state = self.lock();
            if let Some(credentials) = state.fresh(SystemTime::now()) {
                return Ok(credentials);
            }
            if state.usable(SystemTime::now()).is_none() {
                if let Some(error) = state.recent_failure() {
                    return Err(error);
                }
            }
            state.generation
        };
        let _flight = self.flight.lock().await;
        {
            let state = self.lock();
            let now = SystemTime::now();
            if state.generation != generation {
                // A refresh finished while this call waited: share its outcome.
                if let Some(credentials) = state.usable(now) {
                    return Ok(credentials);
                }
                if let Some((error, _)) = &state.failure {
                    return Err(error.clone());
                }
            }
            if let Some(credentials) = state.fresh(now) {
                return Ok(credentials);
            }
        }
        let fetched = fetch().await;
        let mut state = self.lock();
        state.generation += 1;
        let now = SystemTime::now();
        match fetched {
            Ok(credentials) => {
                let refresh_at = credentials.expiry().map(|expiry| {
                    let lifetime = expiry.duration_since(now).unwrap_or_default();
                    expiry - self.refresh_ahead.min(lifetime / 2)
                });
                tracing::debug!(
                    source,
                    secret_id = credentials.secret_id(),
                    "credentials refreshed"
                );
                state.current = Some(Cached {
                    credentials: credentials.clone(),
                    refresh_at,
                });
                state.failure = None;
                Ok(credentials)
            }
            Err(error) => {
                state.failure = Some((error.clone(), Instant::now()));
                match state.usable(now) {
                    Some(credentials) => {
                        tracing::warn!(
                            source,
                            error = %error,
                            "credentials refresh failed; the current ones have not expired yet and stay in use"
                        );
                        Ok(credentials)
                    }
                    None => Err(error),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    async fn never() -> Result<Credentials, CredentialsError> {
        panic!("no fetch while backing off")
    }

    fn expiring_in(seconds: u64, id: &str) -> Credentials {
        Credentials::new(id, "key")
            .with_token("token")
            .with_expiry(SystemTime::now() + Duration::from_secs(seconds))
    }

    #[tokio::test]
    async fn one_fetch_for_many_waiters() {
        let cache = Arc::new(CredentialsCache::new(DEFAULT_REFRESH_AHEAD));
        let fetches = Arc::new(AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let cache = cache.clone();
            let fetches = fetches.clone();
            tasks.push(tokio::spawn(async move {
                cache
                    .get("test", || async {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Ok(expiring_in(3600, "first"))
                    })
                    .await
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().secret_id(), "first");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn refreshes_at_half_a_short_life() {
        let cache = CredentialsCache::new(DEFAULT_REFRESH_AHEAD);
        let got = cache
            .get("test", || async { Ok(expiring_in(2, "short")) })
            .await
            .unwrap();
        assert_eq!(got.secret_id(), "short");
        // Within the first half of its life it is answered from memory.
        let again = cache
            .get("test", || async { Ok(expiring_in(2, "unexpected")) })
            .await
            .unwrap();
        assert_eq!(again.secret_id(), "short");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let renewed = cache
            .get("test", || async { Ok(expiring_in(2, "renewed")) })
            .await
            .unwrap();
        assert_eq!(renewed.secret_id(), "renewed");
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_unexpired_credentials_and_backs_off() {
        let cache = CredentialsCache::new(DEFAULT_REFRESH_AHEAD);
        cache
            .get("test", || async { Ok(expiring_in(2, "old")) })
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let kept = cache
            .get("test", || async {
                Err(CredentialsError::new("metadata down"))
            })
            .await
            .unwrap();
        assert_eq!(kept.secret_id(), "old");
        // Within the back-off window no new fetch starts.
        let still = cache.get("test", never).await.unwrap();
        assert_eq!(still.secret_id(), "old");
    }

    #[tokio::test]
    async fn without_credentials_a_failure_is_answered_at_once_for_a_while() {
        let cache = CredentialsCache::new(DEFAULT_REFRESH_AHEAD);
        let first = cache
            .get("test", || async {
                Err(CredentialsError::new("unreachable"))
            })
            .await
            .unwrap_err();
        assert_eq!(first.message(), "unreachable");
        let second = cache.get("test", never).await.unwrap_err();
        assert_eq!(second, first);
        tokio::time::sleep(RETRY_AFTER_FAILURE).await;
        let recovered = cache
            .get("test", || async { Ok(expiring_in(60, "back")) })
            .await
            .unwrap();
        assert_eq!(recovered.secret_id(), "back");
    }
}
