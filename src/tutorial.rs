//! A guided tour of whosaid (documentation only).
