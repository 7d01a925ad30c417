"""The joint induction: programmes, inductions and sign-off, the staff passport, Open Badges."""
