/* The book has no mathematics; Sphinx's MathJax (loaded from a CDN by default) is replaced by this empty file
   so that the site never requests anything from outside itself. */
