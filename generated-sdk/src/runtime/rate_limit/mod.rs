//! Client-side pacing of each action to its documented rate limit.
//!
//! A [`RateLimiter`] hands out send slots per [`RateLimitKey`] at the rate it is asked for; the
//! client asks for the documented limit times a headroom (95%), times the adaptive factor of
//! adaptive pacing ([`AdaptiveConfig`]) when the service throttles anyway. Two limiters ship:
//! - [`LocalRateLimiter`] (the default): one process; clones of a `Handle` share it.
//! - `RedisRateLimiter` (feature `redis`): every process of a fleet shares one schedule per
//!   account, service, action and region, kept in Redis.
//!
//! Both use the same algorithm, GCRA without bursts: a slot every `1/rate` seconds, waiters
//! served first come, first served, each at the rate in force when its turn comes (so a slowdown
//! applies at once to everyone waiting). `governor` is not used: its quotas are fixed when a limiter
//! is built, and adaptive pacing changes the rate from one request to the next.

mod adaptive;
mod local;
#[cfg(feature = "redis")]
mod redis;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use adaptive::AdaptiveConfig;
pub(crate) use adaptive::AdaptivePacing;
pub use local::LocalRateLimiter;
#[cfg(feature = "redis")]
pub use redis::{RedisFailureMode, RedisRateLimiter};

/// What one schedule is kept for: an action of a service version in a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimitKey<'a> {
    /// Service name, e.g. `cvm`.
    pub service: &'a str,
    /// API version, e.g. `2017-03-12` (empty when the protocol has none).
    pub version: &'a str,
    /// Action name, e.g. `RunInstances`.
    pub action: &'a str,
    /// Region (empty when the call has none).
    pub region: &'a str,
}

/// A rate limiter could not hand out a slot (a shared limiter's store is unreachable and its
/// failure mode says to fail the call).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rate limiter: {message}")]
pub struct RateLimitError {
    message: String,
}

impl RateLimitError {
    /// An error with an explanation.
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

/// The rate to pace at, in requests per second: read when a waiter's turn comes, not when it
/// starts waiting (adaptive pacing may slow down while many calls queue).
#[derive(Clone, Copy)]
pub struct Rate<'a>(RateSource<'a>);

#[derive(Clone, Copy)]
enum RateSource<'a> {
    Fixed(f64),
    Current(&'a (dyn Fn() -> f64 + Send + Sync)),
}

impl<'a> Rate<'a> {
    /// A fixed rate.
    pub fn fixed(per_second: f64) -> Self {
        Self(RateSource::Fixed(per_second))
    }

    /// A rate asked of `current` each time it is needed.
    pub fn current(current: &'a (dyn Fn() -> f64 + Send + Sync)) -> Self {
        Self(RateSource::Current(current))
    }

    /// The rate now.
    pub fn per_second(&self) -> f64 {
        match self.0 {
            RateSource::Fixed(rate) => rate,
            RateSource::Current(current) => current(),
        }
    }
}

impl fmt::Debug for Rate<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rate({}/s)", self.per_second())
    }
}

/// Hands out send slots: [`RateLimiter::acquire`] completes when the caller may send.
///
/// Implementations pace waiters in arrival order, and read `rate` when a waiter's turn comes
/// (finite and above 0 from the client; it changes when adaptive pacing slows down or recovers).
pub trait RateLimiter: Send + Sync + fmt::Debug + 'static {
    /// Waits for the next slot of `key` at `rate`.
    fn acquire<'a>(&'a self, key: RateLimitKey<'a>, rate: Rate<'a>) -> RateLimitFuture<'a>;
}

impl<T: RateLimiter + ?Sized> RateLimiter for std::sync::Arc<T> {
    fn acquire<'a>(&'a self, key: RateLimitKey<'a>, rate: Rate<'a>) -> RateLimitFuture<'a> {
        (**self).acquire(key, rate)
    }
}

/// The future of [`RateLimiter::acquire`]: ready at once, or a boxed wait.
pub struct RateLimitFuture<'a>(FutureState<'a>);

type BoxedWait<'a> = Pin<Box<dyn Future<Output = Result<(), RateLimitError>> + Send + 'a>>;

enum FutureState<'a> {
    Ready(Option<Result<(), RateLimitError>>),
    Waiting(BoxedWait<'a>),
}

impl<'a> RateLimitFuture<'a> {
    /// Already decided.
    pub fn ready(result: Result<(), RateLimitError>) -> Self {
        Self(FutureState::Ready(Some(result)))
    }

    /// Decided by `future`.
    pub fn new(future: impl Future<Output = Result<(), RateLimitError>> + Send + 'a) -> Self {
        Self(FutureState::Waiting(Box::pin(future)))
    }
}

impl Future for RateLimitFuture<'_> {
    type Output = Result<(), RateLimitError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().0 {
            FutureState::Ready(result) => Poll::Ready(
                result
                    .take()
                    .unwrap_or_else(|| Err(RateLimitError::new("polled after completion"))),
            ),
            FutureState::Waiting(future) => future.as_mut().poll(cx),
        }
    }
}

impl fmt::Debug for RateLimitFuture<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RateLimitFuture")
    }
}

/// How late after its slot a waiter may still send. A waiter woken later than this (its host or
/// runtime stalled) does not send at once: the requests after it (from this process or, sharing
/// a schedule or its phases, from others) would follow closer than the rate allows, and a server
/// counting any one-second window would throttle. The local limiter moves it to the next slot of
/// its schedule's phase ([`sleep_on_phase`]); the Redis one books a new slot. The client's headroom
/// (5% of a second's worth of slots, ~52 ms in every one-second window) absorbs lateness below this.
pub(crate) const LATE_AFTER: std::time::Duration = std::time::Duration::from_millis(20);

/// How many times a late waiter moves to a later slot before it keeps the one it has, however
/// late (a host that keeps stalling must not starve it).
pub(crate) const MAX_LATE_RETRIES: u32 = 3;

/// Sleeps until `slot`; woken more than [`LATE_AFTER`] after it, sleeps on to the next slot of
/// the same phase (`slot` plus whole `interval`s), [`MAX_LATE_RETRIES`] times at most. Returns
/// the slot kept.
pub(crate) async fn sleep_on_phase(
    mut slot: tokio::time::Instant,
    interval: std::time::Duration,
) -> tokio::time::Instant {
    let mut retries = 0;
    loop {
        tokio::time::sleep_until(slot).await;
        let late = tokio::time::Instant::now().saturating_duration_since(slot);
        if late <= LATE_AFTER || interval.is_zero() || retries == MAX_LATE_RETRIES {
            return slot;
        }
        retries += 1;
        let missed = late.as_nanos().div_ceil(interval.as_nanos());
        slot += interval.saturating_mul(u32::try_from(missed).unwrap_or(u32::MAX));
    }
}

/// The interval between two slots at `per_second` (at least a nanosecond, at most a day; a
/// non-finite or non-positive rate counts as the slowest).
pub(crate) fn interval(per_second: f64) -> std::time::Duration {
    const DAY: f64 = 86_400.0;
    let seconds = if per_second.is_finite() && per_second > 0.0 {
        (1.0 / per_second).clamp(1e-9, DAY)
    } else {
        DAY
    };
    std::time::Duration::from_secs_f64(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::Instant;

    /// Advances the paused clock to `at` and lets woken tasks run.
    async fn advance_to(start: Instant, at: u64) {
        let target = start + Duration::from_millis(at);
        tokio::time::advance(target.saturating_duration_since(Instant::now())).await;
        tokio::task::yield_now().await;
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_waiter_moves_along_its_phase_a_few_times_then_keeps_its_slot() {
        let start = Instant::now();
        let ms = |n| start + Duration::from_millis(n);
        let waiter = tokio::spawn(sleep_on_phase(ms(100), Duration::from_millis(100)));
        tokio::task::yield_now().await;
        // Woken 150 ms late, three times: 100 -> 300 -> 500 -> 700 ms.
        for at in [250, 450, 650] {
            advance_to(start, at).await;
            assert!(!waiter.is_finished(), "at {at} ms");
        }
        // Late a fourth time: it keeps the 700 ms slot rather than wait any longer.
        advance_to(start, 850).await;
        assert_eq!(waiter.await.unwrap(), ms(700));
        assert_eq!(Instant::now(), ms(850));
        // Lateness within `LATE_AFTER` keeps the first slot.
        let on_time = tokio::spawn(sleep_on_phase(ms(900), Duration::from_millis(100)));
        tokio::task::yield_now().await;
        advance_to(start, 915).await;
        assert_eq!(on_time.await.unwrap(), ms(900));
    }
}
