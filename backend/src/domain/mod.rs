//! What the newsroom does, independent of HTTP: read articles, import filed copy.

pub mod articles;
pub mod filed_copy;
pub mod import;
pub mod taxonomy;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone as _, Utc};
use chrono_tz::Tz;

/// The desk's time zone: stored times are UTC, shown times carry the desk's offset.
#[derive(Debug, Clone, Copy)]
pub struct Desk {
    pub time_zone: Tz,
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

    pub fn now() -> NaiveDateTime {
        // Microseconds are what both databases keep.
        let now = Utc::now().naive_utc();
        now.with_nanosecond_micros()
    }
}

trait MicroPrecision {
    fn with_nanosecond_micros(self) -> Self;
}

impl MicroPrecision for NaiveDateTime {
    fn with_nanosecond_micros(self) -> Self {
        use chrono::Timelike as _;
        self.with_nanosecond(self.nanosecond() / 1_000 * 1_000)
            .unwrap_or(self)
    }
}
