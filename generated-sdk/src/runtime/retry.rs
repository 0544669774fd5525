//! When and how long to wait before trying a call again.

use std::time::Duration;

use super::transport::TransportErrorKind;
use super::ActionMetadata;

/// Retry policy: exponential backoff with full jitter and a bounded number of attempts.
/// Start from [`RetryConfig::default`] or [`RetryConfig::disabled`] and adjust with the `with_*`
/// setters.
///
/// ```
/// use generated_sdk::runtime::RetryConfig;
/// use std::time::Duration;
/// let retry = RetryConfig::default()
///     .with_max_attempts(6)
///     .with_backoff(Duration::from_millis(50), Duration::from_secs(2));
/// assert_eq!(retry.max_attempts, 6);
/// assert_eq!(retry.max_backoff, Duration::from_secs(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// Upper bound of the first backoff; it doubles with every attempt.
    pub initial_backoff: Duration,
    /// Upper bound of any backoff.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    /// 4 attempts, backoff up to 200 ms, 400 ms, 800 ms (capped at 10 s).
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryConfig {
    /// One attempt only.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the number of attempts (the first included).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the backoff bounds.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Sets the upper bound of the first backoff (it doubles with every attempt).
    pub fn with_initial_backoff(mut self, initial: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = self.max_backoff.max(initial);
        self
    }

    /// Sets the upper bound of any backoff.
    pub fn with_max_backoff(mut self, max: Duration) -> Self {
        self.max_backoff = max.max(self.initial_backoff);
        self
    }

    /// Full jitter: a random wait in `[0, min(max, initial * 2^(attempt-1))]`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let cap = exp.min(self.max_backoff);
        cap.mul_f64(fastrand::f64())
    }
}

/// What went wrong in one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure<'a> {
    /// The service answered with an error code.
    Service {
        code: &'a str,
        throttling: bool,
        retryable: bool,
    },
    /// An HTTP status without a decodable body (a 502 page, say).
    Status(u16),
    /// No response.
    Transport(TransportErrorKind),
    /// Not worth retrying (bad request, credentials, undecodable 2xx).
    Permanent,
}

/// Whether an action may run twice without harm: read-only, or protected by an idempotency token
/// (which the client always fills in).
pub(crate) fn safe_to_repeat(action: &ActionMetadata) -> bool {
    action.read_only || action.idempotency_token.is_some()
}

/// The reason to retry, or `None`.
///
/// Throttling and connection failures are retried for every action: the service did not process
/// the request. Internal errors, 5xx and broken connections are retried only when repeating the
/// action is safe, so a purchase without a token is never bought twice.
pub(crate) fn retry_reason(action: &ActionMetadata, failure: Failure<'_>) -> Option<&'static str> {
    let safe = safe_to_repeat(action);
    match failure {
        Failure::Service {
            throttling: true, ..
        } => Some("throttled"),
        Failure::Service {
            retryable: true, ..
        } if safe => Some("service error"),
        Failure::Status(status) if status >= 500 && safe => Some("server error"),
        Failure::Status(429) => Some("throttled"),
        Failure::Transport(TransportErrorKind::Connect) => Some("connection failed"),
        Failure::Transport(TransportErrorKind::Timeout | TransportErrorKind::Io) if safe => {
            Some("connection lost")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(read_only: bool, token: bool) -> ActionMetadata {
        crate::runtime::test_fixtures::action("X", read_only, token)
    }

    #[test]
    fn backoff_is_bounded_and_grows() {
        let retry = RetryConfig::default()
            .with_backoff(Duration::from_millis(100), Duration::from_millis(300));
        for _ in 0..100 {
            assert!(retry.backoff(1) <= Duration::from_millis(100));
            assert!(retry.backoff(2) <= Duration::from_millis(200));
            assert!(retry.backoff(10) <= Duration::from_millis(300));
        }
    }

    #[test]
    fn purchases_without_token_are_not_repeated_after_ambiguous_failures() {
        let unsafe_action = action(false, false);
        let internal = Failure::Service {
            code: "InternalError",
            throttling: false,
            retryable: true,
        };
        let throttled = Failure::Service {
            code: "RequestLimitExceeded",
            throttling: true,
            retryable: true,
        };
        assert_eq!(retry_reason(&unsafe_action, internal), None);
        assert_eq!(retry_reason(&unsafe_action, Failure::Status(502)), None);
        assert_eq!(
            retry_reason(&unsafe_action, Failure::Transport(TransportErrorKind::Io)),
            None
        );
        assert_eq!(retry_reason(&unsafe_action, throttled), Some("throttled"));
        assert_eq!(
            retry_reason(
                &unsafe_action,
                Failure::Transport(TransportErrorKind::Connect)
            ),
            Some("connection failed")
        );
        for safe in [action(true, false), action(false, true)] {
            assert_eq!(retry_reason(&safe, internal), Some("service error"));
            assert_eq!(
                retry_reason(&safe, Failure::Status(503)),
                Some("server error")
            );
            assert_eq!(
                retry_reason(&safe, Failure::Transport(TransportErrorKind::Io)),
                Some("connection lost")
            );
        }
        let invalid = Failure::Service {
            code: "InvalidParameter",
            throttling: false,
            retryable: false,
        };
        assert_eq!(retry_reason(&action(true, true), invalid), None);
        assert_eq!(retry_reason(&action(true, true), Failure::Permanent), None);
    }
}
