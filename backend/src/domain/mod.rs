//! What the newsroom does, independent of HTTP: published articles, filed copy and
//! import, the newsroom's writes, accounts, entities, search, feeds and webhooks.

pub mod accounts;
pub mod api_keys;
pub mod articles;
pub mod changes;
pub mod cues;
pub mod entities;
pub mod feeds;
pub mod filed_copy;
pub mod fronts;
pub mod import;
pub mod indexing;
pub mod jsonld;
pub mod live;
pub mod markup;
pub mod media;
pub mod newsroom;
pub mod ninjs;
pub mod renditions;
pub mod search;
pub mod special_addresses;
pub mod taxonomy;
pub mod views;
pub mod webhooks;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone as _, Timelike as _, Utc};
use chrono_tz::Tz;

/// A window on a list: items `offset..offset + limit` and how many there are in all.
#[derive(Debug)]
pub struct Slice<T> {
    pub items: Vec<T>,
    pub total: shared::Total,
}

/// The desk's time zone and clock: stored times are UTC, shown times carry the
/// desk's offset, and "now" comes from the clock (the system's, or a test's).
#[derive(Debug, Clone, Copy)]
pub struct Desk {
    pub time_zone: Tz,
    pub clock: Clock,
}

/// Where "now" comes from. Tests set a manual clock to observe the exact second an
/// embargo lifts, without sleeping.
#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    #[default]
    System,
    /// Microseconds since the Unix epoch, set by whoever holds the reference.
    Manual(&'static std::sync::atomic::AtomicI64),
}

impl Clock {
    pub fn now(self) -> NaiveDateTime {
        match self {
            Self::System => Desk::system_now(),
            Self::Manual(micros) => {
                DateTime::from_timestamp_micros(micros.load(std::sync::atomic::Ordering::SeqCst))
                    .map(|t| t.naive_utc())
                    .unwrap_or_default()
            }
        }
    }
}

impl Desk {
    pub fn local(&self, utc: NaiveDateTime) -> DateTime<FixedOffset> {
        self.time_zone.from_utc_datetime(&utc).fixed_offset()
    }

    /// Midnight at the desk on `date`, as UTC.
    pub fn start_of_day(&self, date: NaiveDate) -> NaiveDateTime {
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        self.time_zone
            .from_local_datetime(&midnight)
            .earliest()
            .map_or(midnight, |t| t.naive_utc())
    }

    /// Now, in UTC, to the microsecond: what both databases keep, so a stored time
    /// reads back equal to the one written.
    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    /// The system clock, to the microsecond.
    pub fn system_now() -> NaiveDateTime {
        let now = Utc::now().naive_utc();
        now.with_nanosecond(now.nanosecond() / 1_000 * 1_000)
            .unwrap_or(now)
    }
}
