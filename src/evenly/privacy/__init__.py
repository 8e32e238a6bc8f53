"""Personal data: one registry of every text field, account erasure and the personal export.

This package sits above every domain app (it may import them all); accounts reaches it only
through the ``on_account_delete`` hook it registers at start-up.
"""
