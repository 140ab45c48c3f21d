"""The board report: its content (`content`), written as PDF (`pdf`) or PPTX (`pptx`), as a file (`file`)."""
