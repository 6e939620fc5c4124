"""One tidy table per measure: mentions, sentiment, target sentiment, dyads, stance, frames, word choice."""
