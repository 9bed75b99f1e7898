/* t-replay.c -- every file under checks/fuzz/LOADER/ (the fuzzers' seeds
 * and the inputs that once crashed a loader) handed to its loader: each
 * must load, or be refused with a message. */

#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "loaders.h"
#include "tap.h"

int
main (void)
{
  tap_gsl_handler_install ();
  plan ((unsigned) bp_loaders_count);
  for (size_t i = 0; i < bp_loaders_count; i++)
    {
      const bp_loader *l = &bp_loaders[i];
      char dir[4096], path[4400];
      size_t files = 0, loaded = 0, refused = 0;
      DIR *d;
      struct dirent *e;

      snprintf (dir, sizeof dir, "%s", tap_srcfile ("checks/fuzz/"));
      strncat (dir, l->name, sizeof dir - strlen (dir) - 1);
      if ((d = opendir (dir)) == NULL)
        bail ("%s: cannot open the corpus", dir);
      while ((e = readdir (d)) != NULL)
        {
          bp_error err;
          if (e->d_name[0] == '.')
            continue;
          snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
          err.msg[0] = '\0';
          files++;
          if (l->load (path, &err) == 0)
            loaded++;
          else if (err.msg[0] != '\0')
            refused++;
          else
            diag ("%s: refused without a message", path);
        }
      closedir (d);
      ok (files > 0 && loaded + refused == files && loaded > 0,
          "%s: %zu files replayed, %zu loaded, %zu refused with a message",
          l->name, files, loaded, refused);
    }
  return tap_done ();
}
