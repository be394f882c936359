"""The structure stage's machinery: HTML preparation (dom, main_content), HTML to
Markdown (html_markdown), Markdown to Blocks (markdown_blocks), plain text to Blocks
(text_blocks), and the text and URL helpers they share (inline, urls)."""
