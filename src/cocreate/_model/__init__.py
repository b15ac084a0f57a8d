"""The model: the types, their validation, their plain forms and the hooks to the layers above."""
