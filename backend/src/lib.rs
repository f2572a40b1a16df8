//! Global Insight's server: configuration, storage, domain and HTTP.
//! `main.rs` only parses the command line and sets up logging.

pub mod cli;
pub mod config;
pub mod corpus;
pub mod db;
pub mod digest;
pub mod domain;
pub mod http;
pub mod search;
pub mod seed;
pub mod startup;

pub use config::Settings;
pub use startup::Application;
