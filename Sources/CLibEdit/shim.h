/* The libedit surface arql uses. The REPL of issue [5/6] adds its wrappers here:
   el_set()/history() are C variadic and C globals are not concurrency-safe from Swift 6,
   so every such call gets a small static inline wrapper. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>
#include <histedit.h>

static inline const char *arql_libedit_linked(void) { return rl_library_version ? rl_library_version : "libedit"; }
