//! What a student needs at hand when an event's reminder rings, written
//! into its DESCRIPTION: how to find each venue and when it is open, what
//! to pay and how, and whom to ask, with their hours. A phone's calendar
//! is often all a student opens on the way; the notice page may be a
//! WeChat article away.

use crate::model::{Contact, Days, Fee, TimeRange, Venue};

use super::events::Scope;

impl Scope<'_> {
    /// Directions, opening hours and telephones of the `venues` that have
    /// any (the address is in LOCATION). Each line names its venue when
    /// there are several.
    pub(super) fn venue_details(&self, lines: &mut Vec<String>, venues: &[String]) {
        let venues: Vec<&Venue> = (venues.iter())
            .filter_map(|id| self.campaign.venue(id))
            .collect();
        let several = venues.len() > 1;
        for v in venues {
            let mut own = Vec::new();
            if let Some(directions) = &v.directions {
                own.push(directions.get(self.lang).to_string());
            }
            if !v.hours.is_empty() {
                let hours = self.ranges(&v.hours);
                own.push(self.text("calendar-venue-hours", &[("hours", hours)]));
            }
            if !v.phones.is_empty() {
                let phones = v.phones.join(&self.text("list-separator", &[]));
                own.push(self.text("calendar-phone", &[("phones", phones)]));
            }
            for line in own {
                lines.push(match several {
                    true => self.aside(line, v.name.get(self.lang).to_string()),
                    false => line,
                });
            }
        }
    }

    /// The `fees` to pay, each with how to pay it.
    pub(super) fn fee_details(&self, lines: &mut Vec<String>, fees: &[String]) {
        let fees = (fees.iter()).filter_map(|id| self.campaign.fees.iter().find(|f| &f.id == id));
        for fee in fees {
            lines.push(self.fee(fee));
            if let Some(payment) = &fee.payment {
                let payment = payment.get(self.lang).to_string();
                lines.push(self.text("calendar-payment", &[("payment", payment)]));
            }
        }
    }

    fn fee(&self, fee: &Fee) -> String {
        self.text(
            "calendar-fee",
            &[
                ("amount", fee.amount.clone()),
                ("currency", fee.currency.clone()),
                ("covers", fee.covers.get(self.lang).to_string()),
            ],
        )
    }

    /// The `contacts` to ask, one line each: name, what to ask them,
    /// office, telephones, e-mail and hours.
    pub(super) fn contact_details(&self, lines: &mut Vec<String>, contacts: &[String]) {
        let contacts: Vec<&Contact> = (contacts.iter())
            .filter_map(|id| self.campaign.contacts.iter().find(|c| &c.id == id))
            .collect();
        if contacts.is_empty() {
            return;
        }
        lines.push(self.text("calendar-contacts", &[]));
        for c in contacts {
            lines.push(format!("- {}", self.contact(c)));
        }
    }

    fn contact(&self, c: &Contact) -> String {
        let lang = self.lang;
        let separator = self.text("list-separator", &[]);
        let mut line = c.name.get(lang).to_string();
        if let Some(role) = &c.role {
            line = self.aside(line, role.get(lang).to_string());
        }
        let mut parts = Vec::new();
        if let Some(office) = &c.office {
            parts.push(office.get(lang).to_string());
        }
        if !c.phones.is_empty() {
            let phones = c.phones.join(&separator);
            parts.push(self.text("calendar-phone", &[("phones", phones)]));
        }
        if !c.emails.is_empty() {
            let emails = c.emails.join(&separator);
            parts.push(self.text("calendar-email", &[("emails", emails)]));
        }
        if let Some(hours) = &c.hours {
            let days = match hours.days {
                Days::Daily => "hours-daily",
                Days::Weekdays => "hours-weekdays",
                Days::OfficeHours => "hours-office-hours",
            };
            let mut when = self.text(days, &[]);
            if !hours.times.is_empty() {
                when = format!("{when} {}", self.ranges(&hours.times));
            }
            if let Some(note) = &hours.note {
                when = self.aside(when, note.get(lang).to_string());
            }
            parts.push(self.text("calendar-contact-hours", &[("hours", when)]));
        }
        if parts.is_empty() {
            return line;
        }
        self.text(
            "calendar-contact",
            &[
                ("contact", line),
                (
                    "details",
                    parts.join(&self.text("calendar-venue-separator", &[])),
                ),
            ],
        )
    }

    /// Time ranges as a list: "09:00–12:00, 13:30–17:30".
    pub(super) fn ranges(&self, times: &[TimeRange]) -> String {
        let separator = self.text("list-separator", &[]);
        let times: Vec<String> = times.iter().map(|t| self.range(t)).collect();
        times.join(&separator)
    }

    /// A time range, or a start only ("from 18:30"), though an event given
    /// a start only lasts the campaign's default length.
    pub(super) fn range(&self, t: &TimeRange) -> String {
        match t.end_stated {
            true => t.to_string(),
            false => self.text(
                "time-from",
                &[("time", t.start.format("%H:%M").to_string())],
            ),
        }
    }
}
