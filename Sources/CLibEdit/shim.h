/* The libedit surface arql uses, through its readline-compatible API. Swift 6 cannot write
   C globals (not concurrency-safe) nor keep a bridged C string alive, so every such access
   goes through a small static inline function here (swift-notes §1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>

static inline void arql_rl_set_completion(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void arql_rl_set_attempted_over(int v) { rl_attempted_completion_over = v; }
static inline const char *arql_rl_line_buffer(void) { return rl_line_buffer; }
static inline int arql_rl_point(void) { return rl_point; }
/* libedit keeps these pointers: give it copies that live as long as the process. */
static inline void arql_rl_set_word_breaks(const char *s) { rl_basic_word_break_characters = strdup(s); }
static inline void arql_rl_set_readline_name(const char *s) { rl_readline_name = strdup(s); }
static inline void arql_rl_set_append_character(int c) { rl_completion_append_character = c; }
