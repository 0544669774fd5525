//! Adaptive pacing: when the service throttles although the client keeps to the documented
//! limit (another tool shares the account, or the account's limit is lower), the client slows
//! down, then creeps back up (multiplicative decrease, additive increase; in the spirit of
//! aws-sdk-rust's adaptive retry mode).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use tokio::time::Instant;

use crate::runtime::ActionMetadata;

/// How adaptive pacing reacts to throttling (`RequestLimitExceeded`).
///
/// ```
/// use generated_sdk::runtime::rate_limit::AdaptiveConfig;
/// let gentle = AdaptiveConfig::default().with_decrease(0.8).with_recovery_per_second(0.05);
/// assert_eq!(gentle.decrease(), 0.8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdaptiveConfig {
    decrease: f64,
    floor: f64,
    recovery_per_second: f64,
}

impl Default for AdaptiveConfig {
    /// On throttling the rate drops to 70%, never below 10% of the documented limit; without
    /// throttling it regains 2% of the documented limit per second (from the floor to the full
    /// rate in 45 s).
    fn default() -> Self {
        Self {
            decrease: 0.7,
            floor: 0.1,
            recovery_per_second: 0.02,
        }
    }
}

impl AdaptiveConfig {
    /// The factor applied to the rate on throttling, in `[0.1, 0.99]`.
    pub fn with_decrease(mut self, factor: f64) -> Self {
        self.decrease = clamp(factor, 0.1, 0.99, 0.7);
        self
    }

    /// The lowest rate, as a fraction of the documented limit, in `[0.01, 1]`.
    pub fn with_floor(mut self, fraction: f64) -> Self {
        self.floor = clamp(fraction, 0.01, 1.0, 0.1);
        self
    }

    /// The fraction of the documented limit regained per second without throttling, in
    /// `[0.001, 1]`.
    pub fn with_recovery_per_second(mut self, fraction: f64) -> Self {
        self.recovery_per_second = clamp(fraction, 0.001, 1.0, 0.02);
        self
    }

    /// The factor applied to the rate on throttling.
    pub fn decrease(&self) -> f64 {
        self.decrease
    }

    /// The lowest rate, as a fraction of the documented limit.
    pub fn floor(&self) -> f64 {
        self.floor
    }

    /// The fraction of the documented limit regained per second without throttling.
    pub fn recovery_per_second(&self) -> f64 {
        self.recovery_per_second
    }
}

fn clamp(value: f64, low: f64, high: f64, fallback: f64) -> f64 {
    if value.is_finite() {
        value.clamp(low, high)
    } else {
        fallback
    }
}

/// The pacing factor of every action that was throttled and has not yet recovered.
#[derive(Debug, Default)]
pub(crate) struct AdaptivePacing {
    slowed: Mutex<HashMap<ActionKey, Slowdown>>,
    /// How many actions are slowed: every call reads it, and takes the lock only when it is not 0.
    slowed_count: AtomicUsize,
}

/// Service name, version and action.
type ActionKey = (&'static str, &'static str, &'static str);

#[derive(Debug, Clone, Copy)]
struct Slowdown {
    /// Fraction of the full rate in force.
    fraction: f64,
    /// When the fraction was last brought up to date.
    updated: Instant,
    /// When the rate last dropped: throttling of requests sent before it is not counted again.
    decreased: Instant,
}

fn key(action: &ActionMetadata) -> ActionKey {
    (action.service.name, action.service.version, action.action)
}

impl AdaptivePacing {
    /// The fraction of the full rate to pace `action` at now (1 when not slowed down).
    pub(crate) fn fraction(&self, config: &AdaptiveConfig, action: &ActionMetadata) -> f64 {
        if self.slowed_count.load(Ordering::Relaxed) == 0 {
            return 1.0;
        }
        let mut slowed = self.lock();
        let key = key(action);
        let Some(slowdown) = slowed.get_mut(&key) else {
            return 1.0;
        };
        let now = Instant::now();
        let regained =
            now.duration_since(slowdown.updated).as_secs_f64() * config.recovery_per_second;
        slowdown.fraction = (slowdown.fraction + regained).min(1.0);
        slowdown.updated = now;
        let fraction = slowdown.fraction;
        if fraction >= 1.0 {
            slowed.remove(&key);
            self.slowed_count.store(slowed.len(), Ordering::Relaxed);
            tracing::info!(
                service = action.service.name,
                action = action.action,
                "adaptive pacing: back to the documented rate"
            );
        }
        fraction
    }

    /// The service throttled a request of `action` sent at `sent`: slow down, unless the rate
    /// already dropped after that request went out.
    pub(crate) fn throttled(
        &self,
        config: &AdaptiveConfig,
        action: &ActionMetadata,
        full_rate: f64,
        sent: Instant,
    ) {
        let now = Instant::now();
        let mut slowed = self.lock();
        let slowdown = slowed.entry(key(action)).or_insert(Slowdown {
            fraction: 1.0,
            updated: now,
            decreased: sent,
        });
        if sent < slowdown.decreased {
            return;
        }
        let before = slowdown.fraction;
        slowdown.fraction = (before * config.decrease).max(config.floor);
        slowdown.updated = now;
        slowdown.decreased = now;
        tracing::warn!(
            service = action.service.name,
            action = action.action,
            from_per_second = before * full_rate,
            to_per_second = slowdown.fraction * full_rate,
            "adaptive pacing: the service throttled; slowing down"
        );
        self.slowed_count.store(slowed.len(), Ordering::Relaxed);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ActionKey, Slowdown>> {
        self.slowed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::test_fixtures::CREATE_WIDGET as ACTION;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn slows_down_once_per_round_then_recovers() {
        let config = AdaptiveConfig::default();
        let pacing = AdaptivePacing::default();
        assert_eq!(pacing.fraction(&config, &ACTION), 1.0);
        let sent = Instant::now();
        tokio::time::advance(Duration::from_millis(10)).await;
        pacing.throttled(&config, &ACTION, 9.5, sent);
        // A second throttled answer to a request sent before the slowdown does not count again.
        pacing.throttled(&config, &ACTION, 9.5, sent);
        assert!((pacing.fraction(&config, &ACTION) - 0.7).abs() < 1e-9);
        // A request sent at the new rate and throttled again: 0.49.
        pacing.throttled(&config, &ACTION, 9.5, Instant::now());
        assert!((pacing.fraction(&config, &ACTION) - 0.49).abs() < 1e-9);
        // Never below the floor.
        for _ in 0..50 {
            tokio::time::advance(Duration::from_millis(1)).await;
            pacing.throttled(&config, &ACTION, 9.5, Instant::now());
        }
        assert!((pacing.fraction(&config, &ACTION) - 0.1).abs() < 1e-9);
        // 2% per second: 10 s later 0.3, 45 s after the floor fully recovered.
        tokio::time::advance(Duration::from_secs(10)).await;
        assert!((pacing.fraction(&config, &ACTION) - 0.3).abs() < 1e-6);
        tokio::time::advance(Duration::from_secs(35)).await;
        assert_eq!(pacing.fraction(&config, &ACTION), 1.0);
        assert!(pacing.lock().is_empty(), "recovered actions are forgotten");
    }

    #[test]
    fn settings_are_clamped() {
        let config = AdaptiveConfig::default()
            .with_decrease(f64::NAN)
            .with_floor(0.0)
            .with_recovery_per_second(5.0);
        assert_eq!(
            (
                config.decrease(),
                config.floor(),
                config.recovery_per_second()
            ),
            (0.7, 0.01, 1.0)
        );
    }
}
