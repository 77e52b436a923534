//! Plain template files: one file, one message.
