"""What coach says about safety, in one place so every screen says it the same way."""

MEDICAL_NOTICE = (
    "coach is not medical advice. If back pain persists without improving with rest, "
    "radiates down a leg, comes with weakness, numbness or tingling, or disturbs your sleep "
    "or daily movement, stop and see a doctor or physiotherapist."
)
