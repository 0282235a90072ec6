//! The tables, as a change or a query sees them: a [`Tx`] is the state (it derefs to
//! [`State`]) together with the database, inside the change's savepoint.

use std::ops::{Deref, DerefMut};

use rusqlite::{params, Connection, OptionalExtension, Row};
use sms_voice::pinpointsmsvoicev2::OptedOutNumberInformation;
use sms_voice::runtime::Timestamp;

use super::{internal, Retention};
use crate::error::EmuError;
use crate::idempotency::Answered;
use crate::ops::sending::Message;
use crate::State;

/// The state and the tables inside one change (or one query). Derefs to the [`State`], so
/// that a change reads and writes resources as fields; messages, opted-out numbers, spend
/// and idempotency records go through its methods.
#[derive(Debug)]
pub struct Tx<'a> {
    db: &'a Connection,
    state: &'a mut State,
    retention: &'a Retention,
    /// The `seq` of the newest message this change inserted.
    newest_message: Option<i64>,
}

impl Deref for Tx<'_> {
    type Target = State;

    fn deref(&self) -> &State {
        self.state
    }
}

impl DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut State {
        self.state
    }
}

fn sql(e: rusqlite::Error) -> EmuError {
    internal(e)
}

/// Which messages a [`Tx::find_messages`] selects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageQuery {
    /// A whole phone number in E.164 matches the destination exactly; anything else matches
    /// as part of it.
    pub destination: Option<String>,
    /// Part of the origination (number or sender ID), or the identity's id or ARN.
    pub origination: Option<String>,
    /// The configuration set's name.
    pub configuration_set: Option<String>,
    /// Part of the body, without regard to ASCII case.
    pub text: Option<String>,
    /// Newest first (else oldest first).
    pub newest_first: bool,
    /// Only messages after this `seq` (oldest first) or before it (newest first).
    pub cursor: Option<i64>,
    /// How many messages a page holds.
    pub limit: usize,
}

/// Whether `text` is a whole phone number in E.164 (`+` and 8 to 15 digits).
fn is_full_number(text: &str) -> bool {
    text.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
    })
}

fn json_text<T: serde::Serialize>(value: &T) -> Result<String, EmuError> {
    serde_json::to_string(value).map_err(internal)
}

/// Saves areas given as JSON text (see [`State::changed_since`]).
pub(super) fn save_areas(db: &Connection, areas: &[(&str, String)]) -> Result<(), EmuError> {
    let mut statement = db
        .prepare_cached(
            "INSERT INTO areas (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .map_err(sql)?;
    for (name, value) in areas {
        statement.execute(params![name, value]).map_err(sql)?;
    }
    Ok(())
}

const MESSAGE_COLUMNS: &str = "seq, message_id, direction, channel, api, origination, \
     origination_kind, origination_id, origination_arn, destination, destination_country, \
     body, media_urls, configuration_set, message_type, timestamp, price, parts, time_to_live, \
     context, destination_country_parameters, keyword, max_price, protect_configuration_id, \
     voice_id, language_code, message_feedback_enabled, message_feedback_status, code";

/// A message row (without its events) and its `seq`.
fn message_row(row: &Row<'_>) -> rusqlite::Result<(i64, Message)> {
    fn from_json<T: serde::de::DeserializeOwned + Default>(text: String) -> T {
        serde_json::from_str(&text).unwrap_or_default()
    }
    Ok((
        row.get(0)?,
        Message {
            message_id: row.get(1)?,
            direction: row.get(2)?,
            channel: row.get(3)?,
            api: row.get(4)?,
            origination: row.get(5)?,
            origination_kind: row.get(6)?,
            origination_id: row.get(7)?,
            origination_arn: row.get(8)?,
            destination: row.get(9)?,
            destination_country: row.get(10)?,
            body: row.get(11)?,
            media_urls: from_json(row.get(12)?),
            configuration_set: row.get(13)?,
            message_type: row.get(14)?,
            timestamp: row.get(15)?,
            price: row.get(16)?,
            parts: row.get(17)?,
            time_to_live: row.get(18)?,
            context: from_json(row.get(19)?),
            destination_country_parameters: from_json(row.get(20)?),
            keyword: row.get(21)?,
            max_price: row.get(22)?,
            protect_configuration_id: row.get(23)?,
            voice_id: row.get(24)?,
            language_code: row.get(25)?,
            message_feedback_enabled: row.get(26)?,
            message_feedback_status: row.get(27)?,
            code: row.get(28)?,
            events: Vec::new(),
        },
    ))
}

/// Inserts a message and its events; answers its `seq`.
pub(super) fn insert_message(db: &Connection, m: &Message) -> Result<i64, EmuError> {
    db.prepare_cached(
        "INSERT INTO messages (message_id, direction, channel, api, origination, origination_kind,
             origination_id, origination_arn, destination, destination_country, body, media_urls,
             configuration_set, message_type, timestamp, price, parts, time_to_live, context,
             destination_country_parameters, keyword, max_price, protect_configuration_id,
             voice_id, language_code, message_feedback_enabled, message_feedback_status, code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
    )
    .map_err(sql)?
    .execute(params![
        m.message_id,
        m.direction,
        m.channel,
        m.api,
        m.origination,
        m.origination_kind,
        m.origination_id,
        m.origination_arn,
        m.destination,
        m.destination_country,
        m.body,
        json_text(&m.media_urls)?,
        m.configuration_set,
        m.message_type,
        m.timestamp,
        m.price,
        m.parts,
        m.time_to_live,
        json_text(&m.context)?,
        json_text(&m.destination_country_parameters)?,
        m.keyword,
        m.max_price,
        m.protect_configuration_id,
        m.voice_id,
        m.language_code,
        m.message_feedback_enabled,
        m.message_feedback_status,
        m.code
            .clone()
            .or_else(|| m.body.as_deref().and_then(crate::code::one_time_code)),
    ])
    .map_err(sql)?;
    let seq = db.last_insert_rowid();
    let mut event = db
        .prepare_cached("INSERT INTO events (message_seq, type, timestamp) VALUES (?1, ?2, ?3)")
        .map_err(sql)?;
    for (kind, at) in &m.events {
        event.execute(params![seq, kind, at]).map_err(sql)?;
    }
    Ok(seq)
}

/// The `seq` of the newest message stored (0 if there is none).
pub(super) fn newest_seq(db: &Connection) -> Result<i64, EmuError> {
    db.prepare_cached("SELECT coalesce(max(seq), 0) FROM messages")
        .map_err(sql)?
        .query_row([], |row| row.get(0))
        .map_err(sql)
}

/// Adds `usd` to the spend of `channel` in `month`.
pub(super) fn add_spend(
    db: &Connection,
    channel: &str,
    month: &str,
    usd: f64,
) -> Result<(), EmuError> {
    db.prepare_cached(
        "INSERT INTO spend (channel, month, usd) VALUES (?1, ?2, ?3)
         ON CONFLICT (channel, month) DO UPDATE SET usd = usd + excluded.usd",
    )
    .map_err(sql)?
    .execute(params![channel, month, usd])
    .map_err(sql)?;
    Ok(())
}

/// Puts a number in an opt-out list (replacing its entry if it is there).
pub(super) fn put_opted_out(
    db: &Connection,
    list: &str,
    entry: &OptedOutNumberInformation,
) -> Result<(), EmuError> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO opted_out_numbers (list, number, opted_out_timestamp, end_user_opted_out)
         VALUES (?1, ?2, ?3, ?4)",
    )
    .map_err(sql)?
    .execute(params![
        list,
        entry.opted_out_number,
        entry.opted_out_timestamp.as_epoch_f64(),
        entry.end_user_opted_out
    ])
    .map_err(sql)?;
    Ok(())
}

/// Records an answered call with an idempotency token, forgetting the oldest beyond
/// `remembered`.
pub(super) fn remember(
    db: &Connection,
    answered: &Answered,
    remembered: i64,
) -> Result<(), EmuError> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO idempotency (operation, token, input, output) VALUES (?1, ?2, ?3, ?4)",
    )
    .map_err(sql)?
    .execute(params![
        answered.operation,
        answered.token,
        json_text(&answered.input)?,
        json_text(&answered.output)?
    ])
    .map_err(sql)?;
    let newest = db.last_insert_rowid();
    db.prepare_cached("DELETE FROM idempotency WHERE seq <= ?1")
        .map_err(sql)?
        .execute(params![newest - remembered])
        .map_err(sql)?;
    Ok(())
}

type OptedOutRow = (String, f64, bool);

fn opted_out_row(row: &Row<'_>) -> rusqlite::Result<OptedOutRow> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

fn opted_out_entry(
    (number, at, end_user): OptedOutRow,
) -> Result<OptedOutNumberInformation, EmuError> {
    Ok(OptedOutNumberInformation::builder()
        .opted_out_number(number)
        .opted_out_timestamp(Timestamp::from_epoch_f64(at).unwrap_or(Timestamp::from_secs(0)))
        .end_user_opted_out(end_user)
        .build()?)
}

impl<'a> Tx<'a> {
    pub(super) fn new(db: &'a Connection, state: &'a mut State, retention: &'a Retention) -> Self {
        Self {
            db,
            state,
            retention,
            newest_message: None,
        }
    }

    /// What a change does last, before its areas are saved: drops the oldest messages past
    /// `max_messages` if it stored any.
    pub(super) fn finish(&mut self) -> Result<(), EmuError> {
        if let (Some(newest), Some(max)) = (self.newest_message, self.retention.max_messages) {
            let keep_after = newest - i64::try_from(max).unwrap_or(i64::MAX);
            if keep_after > 0 {
                self.delete_messages_through(keep_after)?;
            }
        }
        Ok(())
    }

    fn delete_messages_through(&self, seq: i64) -> Result<u64, EmuError> {
        self.db
            .prepare_cached("DELETE FROM events WHERE message_seq <= ?1")
            .map_err(sql)?
            .execute(params![seq])
            .map_err(sql)?;
        let deleted = self
            .db
            .prepare_cached("DELETE FROM messages WHERE seq <= ?1")
            .map_err(sql)?
            .execute(params![seq])
            .map_err(sql)?;
        Ok(deleted as u64)
    }

    /// Drops the messages accepted before `cutoff` (epoch seconds); answers how many.
    pub(super) fn prune_older_than(&mut self, cutoff: f64) -> Result<u64, EmuError> {
        let newest_old: Option<i64> = self
            .db
            .prepare_cached("SELECT max(seq) FROM messages WHERE timestamp < ?1")
            .map_err(sql)?
            .query_row(params![cutoff], |row| row.get(0))
            .map_err(sql)?;
        match newest_old {
            // Messages are stored in the order they are accepted, so every one before the
            // newest old one is old too.
            Some(seq) => self.delete_messages_through(seq),
            None => Ok(0),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Messages
    // -----------------------------------------------------------------------------------------

    /// Stores a message with its events.
    pub fn insert_message(&mut self, message: &Message) -> Result<(), EmuError> {
        let seq = insert_message(self.db, message)?;
        self.newest_message = Some(seq);
        Ok(())
    }

    /// Fills in the events of messages, given with their `seq`.
    fn with_events(&self, rows: Vec<(i64, Message)>) -> Result<Vec<Message>, EmuError> {
        let mut statement = self
            .db
            .prepare_cached(
                "SELECT type, timestamp FROM events WHERE message_seq = ?1 ORDER BY seq",
            )
            .map_err(sql)?;
        rows.into_iter()
            .map(|(seq, mut message)| {
                message.events = statement
                    .query_map(params![seq], |row| Ok((row.get(0)?, row.get(1)?)))
                    .map_err(sql)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(sql)?;
                Ok(message)
            })
            .collect()
    }

    /// Every message stored, oldest first, with its events.
    pub fn messages(&self) -> Result<Vec<Message>, EmuError> {
        let mut statement = self
            .db
            .prepare_cached(&format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages ORDER BY seq"
            ))
            .map_err(sql)?;
        let rows = statement
            .query_map([], message_row)
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        self.with_events(rows)
    }

    /// The messages `query` selects, in its order, each with its `seq` and events; at most
    /// `query.limit + 1` of them, so that the caller can tell whether there are more.
    pub fn find_messages(&self, query: &MessageQuery) -> Result<Vec<(i64, Message)>, EmuError> {
        use rusqlite::types::Value;
        let mut values: Vec<Value> = Vec::new();
        // Each value once, as a numbered parameter.
        let mut parameter = |value: Value| {
            values.push(value);
            format!("?{}", values.len())
        };
        let mut text = format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE 1 = 1");
        if let Some(destination) = &query.destination {
            let p = parameter(Value::Text(destination.clone()));
            if is_full_number(destination) {
                text.push_str(&format!(" AND destination = {p}"));
            } else {
                text.push_str(&format!(" AND instr(destination, {p}) > 0"));
            }
        }
        if let Some(origination) = &query.origination {
            let p = parameter(Value::Text(origination.clone()));
            text.push_str(&format!(
                " AND (instr(origination, {p}) > 0 OR origination_id = {p} OR origination_arn = {p})"
            ));
        }
        if let Some(set) = &query.configuration_set {
            let p = parameter(Value::Text(set.clone()));
            text.push_str(&format!(" AND configuration_set = {p}"));
        }
        if let Some(words) = &query.text {
            let escaped = words
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = parameter(Value::Text(format!("%{escaped}%")));
            text.push_str(&format!(" AND body LIKE {p} ESCAPE '\\'"));
        }
        if let Some(cursor) = query.cursor {
            let p = parameter(Value::Integer(cursor));
            let op = if query.newest_first { "<" } else { ">" };
            text.push_str(&format!(" AND seq {op} {p}"));
        }
        let p = parameter(Value::Integer(
            i64::try_from(query.limit.saturating_add(1)).unwrap_or(i64::MAX),
        ));
        let order = if query.newest_first { "DESC" } else { "ASC" };
        text.push_str(&format!(" ORDER BY seq {order} LIMIT {p}"));
        let mut statement = self.db.prepare_cached(&text).map_err(sql)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values), message_row)
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        let seqs: Vec<i64> = rows.iter().map(|(seq, _)| *seq).collect();
        Ok(seqs.into_iter().zip(self.with_events(rows)?).collect())
    }

    /// The `seq` of the newest message stored (0 if there is none).
    pub fn newest_seq(&self) -> Result<i64, EmuError> {
        newest_seq(self.db)
    }

    /// The `seq` of the newest message this change stored.
    pub(super) fn newest_message(&self) -> Option<i64> {
        self.newest_message
    }

    /// How many messages are stored.
    pub fn message_count(&self) -> Result<u64, EmuError> {
        self.db
            .prepare_cached("SELECT count(*) FROM messages")
            .map_err(sql)?
            .query_row([], |row| row.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(sql)
    }

    /// The message with this `MessageId`, with its events.
    pub fn message(&self, message_id: &str) -> Result<Option<Message>, EmuError> {
        let row = self
            .db
            .prepare_cached(&format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages WHERE message_id = ?1"
            ))
            .map_err(sql)?
            .query_row(params![message_id], message_row)
            .optional()
            .map_err(sql)?;
        Ok(self.with_events(row.into_iter().collect())?.pop())
    }

    /// Sets the feedback status of an outbound message; answers whether there is one.
    pub fn set_message_feedback(
        &mut self,
        message_id: &str,
        status: &str,
    ) -> Result<bool, EmuError> {
        let changed = self
            .db
            .prepare_cached(
                "UPDATE messages SET message_feedback_status = ?2
                 WHERE message_id = ?1 AND direction = 'OUTBOUND'",
            )
            .map_err(sql)?
            .execute(params![message_id, status])
            .map_err(sql)?;
        Ok(changed > 0)
    }

    /// Forgets every message; answers how many there were.
    pub fn clear_messages(&mut self) -> Result<u64, EmuError> {
        self.db.execute("DELETE FROM events", []).map_err(sql)?;
        let deleted = self.db.execute("DELETE FROM messages", []).map_err(sql)?;
        Ok(deleted as u64)
    }

    // -----------------------------------------------------------------------------------------
    // Spend
    // -----------------------------------------------------------------------------------------

    /// What was spent on `channel` (`SMS`, `VOICE`, `MEDIA`) in `month` (`YYYY-MM`), in US
    /// dollars.
    pub fn spent(&self, channel: &str, month: &str) -> Result<f64, EmuError> {
        Ok(self
            .db
            .prepare_cached("SELECT usd FROM spend WHERE channel = ?1 AND month = ?2")
            .map_err(sql)?
            .query_row(params![channel, month], |row| row.get::<_, f64>(0))
            .optional()
            .map_err(sql)?
            .unwrap_or(0.0))
    }

    /// Adds `usd` to the spend of `channel` in `month`.
    pub fn add_spend(&mut self, channel: &str, month: &str, usd: f64) -> Result<(), EmuError> {
        add_spend(self.db, channel, month, usd)
    }

    // -----------------------------------------------------------------------------------------
    // Opted-out numbers
    // -----------------------------------------------------------------------------------------

    /// Whether `number` is in the opt-out list `list`.
    pub fn is_opted_out(&self, list: &str, number: &str) -> Result<bool, EmuError> {
        Ok(self.opted_out_number(list, number)?.is_some())
    }

    /// The entry of `number` in the opt-out list `list`.
    pub fn opted_out_number(
        &self,
        list: &str,
        number: &str,
    ) -> Result<Option<OptedOutNumberInformation>, EmuError> {
        self.db
            .prepare_cached(
                "SELECT number, opted_out_timestamp, end_user_opted_out FROM opted_out_numbers
                 WHERE list = ?1 AND number = ?2",
            )
            .map_err(sql)?
            .query_row(params![list, number], opted_out_row)
            .optional()
            .map_err(sql)?
            .map(opted_out_entry)
            .transpose()
    }

    /// The numbers in the opt-out list `list`, in the order of their text.
    pub fn opted_out_numbers(
        &self,
        list: &str,
    ) -> Result<Vec<OptedOutNumberInformation>, EmuError> {
        let mut statement = self
            .db
            .prepare_cached(
                "SELECT number, opted_out_timestamp, end_user_opted_out FROM opted_out_numbers
                 WHERE list = ?1 ORDER BY number",
            )
            .map_err(sql)?;
        let rows = statement
            .query_map(params![list], opted_out_row)
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        rows.into_iter().map(opted_out_entry).collect()
    }

    /// Every opted-out number, as (list, number), in order.
    pub fn all_opted_out_numbers(&self) -> Result<Vec<(String, String)>, EmuError> {
        let mut statement = self
            .db
            .prepare_cached("SELECT list, number FROM opted_out_numbers ORDER BY list, number")
            .map_err(sql)?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql);
        rows
    }

    /// Puts a number in an opt-out list (replacing its entry if it is there).
    pub fn put_opted_out_number(
        &mut self,
        list: &str,
        entry: &OptedOutNumberInformation,
    ) -> Result<(), EmuError> {
        put_opted_out(self.db, list, entry)
    }

    /// Takes a number out of an opt-out list; answers its entry if it was there.
    pub fn remove_opted_out_number(
        &mut self,
        list: &str,
        number: &str,
    ) -> Result<Option<OptedOutNumberInformation>, EmuError> {
        let entry = self.opted_out_number(list, number)?;
        if entry.is_some() {
            self.db
                .prepare_cached("DELETE FROM opted_out_numbers WHERE list = ?1 AND number = ?2")
                .map_err(sql)?
                .execute(params![list, number])
                .map_err(sql)?;
        }
        Ok(entry)
    }

    /// Empties the opt-out list `list` (when it is deleted).
    pub fn remove_opt_out_list_numbers(&mut self, list: &str) -> Result<(), EmuError> {
        self.db
            .prepare_cached("DELETE FROM opted_out_numbers WHERE list = ?1")
            .map_err(sql)?
            .execute(params![list])
            .map_err(sql)?;
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Idempotency records
    // -----------------------------------------------------------------------------------------

    /// The call of `operation` answered with `token`, if it is remembered.
    pub fn answered(&self, operation: &str, token: &str) -> Result<Option<Answered>, EmuError> {
        let row = self
            .db
            .prepare_cached(
                "SELECT input, output FROM idempotency WHERE operation = ?1 AND token = ?2",
            )
            .map_err(sql)?
            .query_row(params![operation, token], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .optional()
            .map_err(sql)?;
        row.map(|(input, output)| {
            Ok(Answered {
                operation: operation.to_owned(),
                token: token.to_owned(),
                input: serde_json::from_str(&input).map_err(internal)?,
                output: serde_json::from_str(&output).map_err(internal)?,
            })
        })
        .transpose()
    }

    /// Remembers an answered call with a token (the latest `remembered` are kept).
    pub fn remember(&mut self, answered: &Answered, remembered: i64) -> Result<(), EmuError> {
        remember(self.db, answered, remembered)
    }
}
