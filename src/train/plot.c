/* plot.c -- gnuplot scripts and data for training plots (see plot.h). */

#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include <gsl/gsl_math.h>

#include "backprop/plot.h"

const char *
bp_plot_gnuplot (void)
{
  const char *g = getenv ("GNUPLOT");
  return g != NULL && *g != '\0' ? g : BP_GNUPLOT;
}

/* s in gnuplot's single quotes, where '' stands for one quote. */
static void
put_quoted (FILE *f, const char *s)
{
  putc ('\'', f);
  for (; *s; s++)
    {
      if (*s == '\'')
        putc ('\'', f);
      putc (*s, f);
    }
  putc ('\'', f);
}

/* A PNG terminal of w x h pixels: pngcairo where gnuplot has it. */
static void
put_png_terminal (FILE *f, const char *out, int w, int h)
{
  fprintf (f, "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
           "  set terminal pngcairo size %d,%d\n"
           "} else {\n"
           "  set terminal png size %d,%d\n"
           "}\n"
           "set output ", w, h, w, h);
  put_quoted (f, out);
  putc ('\n', f);
}

static void
put_loss_data (FILE *f, const bp_history *h)
{
  fputs ("iteration\tloss\n", f);
  for (size_t i = 0; i < h->iters; i++)
    fprintf (f, "%zu\t%.9g\n", i + 1, h->loss[i]);
}

static void
put_epoch_data (FILE *f, const bp_history *h)
{
  fputs ("epoch\tloss\ttrain_acc\tval_acc\tlr\tseconds\n", f);
  for (size_t e = 0; e < h->epochs; e++)
    {
      const bp_epoch_stats *s = &h->stats[e];
      fprintf (f, "%zu\t%.9g\t%.6f\t", s->epoch, s->loss, s->train_acc);
      if (isnan (s->val_acc))
        fputs ("NaN", f);
      else
        fprintf (f, "%.6f", s->val_acc);
      fprintf (f, "\t%.9g\t%.3f\n", s->lr, s->seconds);
    }
}

/* The plot commands of the history: loss per iteration and, when there
 * are epochs, the accuracies per epoch beside it.  loss and epochs are
 * how the script names its data: a file name in quotes or a datablock. */
static void
put_history_plots (FILE *f, const bp_history *h, const char *loss,
                   const char *epochs)
{
  if (h->epochs > 0)
    fputs ("set multiplot layout 1,2\n", f);
  fprintf (f, "set title 'training loss'\n"
           "set xlabel 'iteration'\n"
           "set ylabel 'loss'\n"
           "set grid\n"
           "plot %s skip 1 using 1:2 with lines title 'batch loss'\n",
           loss);
  if (h->epochs > 0)
    fprintf (f, "set title 'accuracy'\n"
             "set xlabel 'epoch'\n"
             "set ylabel 'accuracy'\n"
             "set key bottom right\n"
             "plot %s skip 1 using 1:3 with linespoints title 'train', \\\n"
             "     %s skip 1 using 1:4 with linespoints title 'validation'\n"
             "unset multiplot\n", epochs, epochs);
}

/* Close f, which was writing path; 0 or GSL_EFAILED with err. */
static int
close_file (FILE *f, const char *path, bp_error *err)
{
  int bad = ferror (f);
  if (fclose (f) != 0 || bad)
    return bp_error_set (err, "%s: cannot write: %s", path,
                         strerror (errno));
  return 0;
}

static FILE *
open_file (const char *path, bp_error *err)
{
  FILE *f = fopen (path, "w");
  if (f == NULL)
    bp_error_set (err, "%s: %s", path, strerror (errno));
  return f;
}

/* Write dir/name, its text made by put (f, h). */
static int
write_file (const char *dir, const char *name,
            void (*put) (FILE *, const bp_history *), const bp_history *h,
            bp_error *err)
{
  char path[4096];
  FILE *f;

  snprintf (path, sizeof path, "%s/%s", dir, name);
  if ((f = open_file (path, err)) == NULL)
    return GSL_EFAILED;
  put (f, h);
  return close_file (f, path, err);
}

/* history.gp, which draws loss.tsv and epochs.tsv beside it. */
static void
put_history_gp (FILE *f, const bp_history *h)
{
  fputs ("# history.gp -- draw the training history into history.png:\n"
         "#   gnuplot history.gp   (in this directory)\n", f);
  put_png_terminal (f, "history.png", 1000, 420);
  put_history_plots (f, h, "'loss.tsv'", "'epochs.tsv'");
}

int
bp_plot_history_write (const char *dir, const bp_history *h, bp_error *err)
{
  if (mkdir (dir, 0777) != 0 && errno != EEXIST)
    return bp_error_set (err, "%s: %s", dir, strerror (errno));
  if (write_file (dir, "loss.tsv", put_loss_data, h, err)
      || write_file (dir, "epochs.tsv", put_epoch_data, h, err))
    return GSL_EFAILED;
  return write_file (dir, "history.gp", put_history_gp, h, err);
}

/* Run gnuplot on the script file.  Its standard output is ours (for the
 * dumb terminal); its error output is read, and its last line becomes the
 * message when gnuplot fails. */
static int
run_gnuplot (const char *script, bp_error *err)
{
  const char *prog = bp_plot_gnuplot ();
  char buf[512], last[256] = "";
  int fds[2], status;
  size_t len = 0;
  ssize_t n;
  pid_t pid;

  if (pipe (fds) != 0)
    return bp_error_set (err, "cannot run %s: %s", prog, strerror (errno));
  fflush (NULL);
  pid = fork ();
  if (pid < 0)
    {
      close (fds[0]);
      close (fds[1]);
      return bp_error_set (err, "cannot run %s: %s", prog, strerror (errno));
    }
  if (pid == 0)
    {
      close (fds[0]);
      dup2 (fds[1], STDERR_FILENO);
      close (fds[1]);
      execlp (prog, prog, script, (char *) NULL);
      _exit (127);
    }
  close (fds[1]);
  /* Keep the last non-empty line of what gnuplot says. */
  while ((n = read (fds[0], buf, sizeof buf)) > 0
         || (n < 0 && errno == EINTR))
    for (ssize_t i = 0; i < n; i++)
      {
        if (buf[i] == '\n')
          {
            if (len > 0)
              len = 0;
            continue;
          }
        if (len == 0)
          last[0] = '\0';
        if (len + 1 < sizeof last)
          {
            last[len++] = buf[i];
            last[len] = '\0';
          }
      }
  close (fds[0]);
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return bp_error_set (err, "%s: %s", prog, strerror (errno));
  if (WIFEXITED (status) && WEXITSTATUS (status) == 127)
    {
      bp_error_set (err, "cannot run %s", prog);
      return BP_PLOT_NO_GNUPLOT;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return bp_error_set (err, "%s failed: %s", prog,
                         last[0] ? last : "no message");
  return 0;
}

/* FILE.png -> FILE.gp; other names get .gp appended. */
static void
script_name (char *buf, size_t len, const char *out)
{
  size_t n = strlen (out);
  if (n > 4 && strcmp (out + n - 4, ".png") == 0)
    snprintf (buf, len, "%.*s.gp", (int) (n - 4), out);
  else
    snprintf (buf, len, "%s.gp", out);
}

/* Write the script, made by put (f, data), beside out and run it. */
static int
render (const char *out, void (*put) (FILE *, const void *),
        const void *data, bp_error *err)
{
  char script[4096];
  FILE *f;
  int status;

  if (strcmp (out, "-") == 0)
    {
      const char *tmpdir = getenv ("TMPDIR");
      int fd;
      snprintf (script, sizeof script, "%s/bp-plot-XXXXXX",
                tmpdir && *tmpdir ? tmpdir : "/tmp");
      fd = mkstemp (script);
      if (fd < 0 || (f = fdopen (fd, "w")) == NULL)
        {
          if (fd >= 0)
            close (fd);
          return bp_error_set (err, "%s: %s", script, strerror (errno));
        }
    }
  else
    {
      script_name (script, sizeof script, out);
      if ((f = open_file (script, err)) == NULL)
        return GSL_EFAILED;
    }
  put (f, data);
  status = close_file (f, script, err);
  if (status == 0)
    status = run_gnuplot (script, err);
  if (strcmp (out, "-") == 0)
    remove (script);
  return status;
}

/* The history inline, as the datablocks $PREFIXloss and $PREFIXepochs. */
static void
put_datablocks (FILE *f, const bp_history *h, const char *prefix)
{
  fprintf (f, "$%sloss << EOD\n", prefix);
  put_loss_data (f, h);
  fprintf (f, "EOD\n$%sepochs << EOD\n", prefix);
  put_epoch_data (f, h);
  fputs ("EOD\n", f);
}

struct history_plot {
  const bp_history *h;
  const char *out;
};

static void
put_history_script (FILE *f, const void *data)
{
  const struct history_plot *hp = data;

  fputs ("# Training history, drawn by gnuplot; the data are inline.\n", f);
  put_datablocks (f, hp->h, "");
  if (strcmp (hp->out, "-") == 0)
    fputs ("set terminal dumb size 79,24\n"
           "set title 'training loss'\n"
           "set xlabel 'iteration'\n"
           "plot $loss skip 1 using 1:2 with lines title 'batch loss'\n", f);
  else
    {
      put_png_terminal (f, hp->out, 1000, 420);
      put_history_plots (f, hp->h, "$loss", "$epochs");
    }
}

int
bp_plot_history (const bp_history *h, const char *out, bp_error *err)
{
  struct history_plot hp = { h, out };

  if (h->iters == 0)
    return bp_error_set (err, "nothing to plot: no iteration was recorded");
  return render (out, put_history_script, &hp, err);
}

struct compare_plot {
  const bp_history *h, *ref;
  const char *label, *out;
};

/* The run and the reference, each in a colour of its own: the loss per
 * iteration, and the validation accuracy per epoch (the training accuracy
 * where there is no validation set). */
static void
put_compare_script (FILE *f, const void *data)
{
  const struct compare_plot *cp = data;
  int val = cp->h->epochs > 0 && !isnan (cp->h->stats[0].val_acc);
  int col = val ? 4 : 3;

  fputs ("# A training run beside the reference backward pass's, drawn by "
         "gnuplot;\n# the data are inline.\n", f);
  put_datablocks (f, cp->h, "");
  put_datablocks (f, cp->ref, "ref");
  if (strcmp (cp->out, "-") == 0)
    fputs ("set terminal dumb size 79,24\n", f);
  else
    {
      put_png_terminal (f, cp->out, 1000, 420);
      if (cp->h->epochs > 0)
        fputs ("set multiplot layout 1,2\n", f);
    }
  fputs ("set title 'training loss'\nset xlabel 'iteration'\n"
         "set ylabel 'loss'\nset logscale y\nset grid\nplot $refloss skip 1 using 1:2 "
         "with lines lc rgb '#1f77b4' title 'reference backward pass', \\\n"
         "     $loss skip 1 using 1:2 with lines lc rgb '#d62728' title ",
         f);
  put_quoted (f, cp->label);
  putc ('\n', f);
  if (strcmp (cp->out, "-") == 0 || cp->h->epochs == 0)
    return;
  fprintf (f, "set title '%s accuracy'\nset xlabel 'epoch'\n"
           "unset logscale y\nset ylabel 'accuracy'\nset key bottom right\n"
           "set yrange [0:1]\n"
           "plot $refepochs skip 1 using 1:%d with linespoints "
           "lc rgb '#1f77b4' title 'reference backward pass', \\\n"
           "     $epochs skip 1 using 1:%d with linespoints "
           "lc rgb '#d62728' title ", val ? "validation" : "training", col,
           col);
  put_quoted (f, cp->label);
  fputs ("\nunset multiplot\n", f);
}

int
bp_plot_compare (const bp_history *h, const bp_history *ref,
                 const char *label, const char *out, bp_error *err)
{
  struct compare_plot cp = { h, ref, label, out };

  if (h->iters == 0 || ref->iters == 0)
    return bp_error_set (err, "nothing to plot: no iteration was recorded");
  return render (out, put_compare_script, &cp, err);
}

struct weights_plot {
  const bp_net *net;
  size_t width, height, channels;
  const char *out;
};

static void
put_weights_script (FILE *f, const void *data)
{
  const struct weights_plot *wp = data;
  const gsl_matrix *W1 = wp->net->W1;
  size_t H = wp->net->H, w = wp->width, h = wp->height;
  size_t plane = w * h, ch = wp->channels;
  size_t cols = (size_t) ceil (sqrt ((double) H));
  size_t rows = (H + cols - 1) / cols;
  size_t X = cols * (w + 1) - 1, Y = rows * (h + 1) - 1;
  double *lo = malloc (H * sizeof *lo), *hi = malloc (H * sizeof *hi);

  /* Each tile is scaled to its own range, as CS231n shows them. */
  for (size_t k = 0; lo && hi && k < H; k++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (W1, k);
      gsl_vector_minmax (&col.vector, &lo[k], &hi[k]);
      if (hi[k] <= lo[k])
        hi[k] = lo[k] + 1.0;
    }
  fprintf (f, "# The %zu columns of W1 as %zux%zu images, each scaled to its "
           "own range.\n$W << EOD\n", H, w, h);
  for (size_t y = 0; lo && hi && y < Y; y++)
    {
      for (size_t x = 0; x < X; x++)
        {
          size_t tx = x / (w + 1), ty = y / (h + 1), k = ty * cols + tx;
          size_t px = x % (w + 1), py = y % (h + 1);
          fprintf (f, "%zu %zu", x, Y - 1 - y);
          for (size_t c = 0; c < ch; c++)
            {
              double v = 1.0;   /* the gaps between tiles are white */
              if (px < w && py < h && k < H)
                v = (gsl_matrix_get (W1, c * plane + py * w + px, k) - lo[k])
                  / (hi[k] - lo[k]);
              if (ch == 1)
                fprintf (f, " %.4f", v);
              else
                fprintf (f, " %d", (int) lround (255.0 * v));
            }
          putc ('\n', f);
        }
      putc ('\n', f);
    }
  fputs ("EOD\n", f);
  put_png_terminal (f, wp->out, (int) (X * 3 + 60), (int) (Y * 3 + 60));
  fprintf (f, "set title 'first-layer weights: the %zu columns of W1'\n"
           "unset xtics\nunset ytics\nunset border\nunset key\n"
           "unset colorbox\nset size ratio -1\n"
           "set xrange [-0.5:%zu.5]\nset yrange [-0.5:%zu.5]\n", H,
           X - 1, Y - 1);
  if (ch == 1)
    fputs ("set palette grey\nplot $W using 1:2:3 with image\n", f);
  else
    fputs ("plot $W using 1:2:3:4:5 with rgbimage\n", f);
  free (lo);
  free (hi);
}

int
bp_plot_weights (const bp_net *net, size_t width, size_t height,
                 size_t channels, const char *out, bp_error *err)
{
  struct weights_plot wp = { net, width, height, channels, out };

  if (width == 0 || height == 0 || (channels != 1 && channels != 3)
      || width * height * channels != net->D)
    return bp_error_set (err, "the inputs are not images (D = %zu)",
                         net->D);
  if (strcmp (out, "-") == 0)
    return bp_error_set (err, "weights are drawn into a PNG file, not on "
                         "the terminal");
  return render (out, put_weights_script, &wp, err);
}

struct sweep_plot {
  double (*e)[BP_NGRADS];
  const char *out;
};

static void
put_sweep_script (FILE *f, const void *data)
{
  const struct sweep_plot *sp = data;
  int first = 1;

  fputs ("# gradcheck --sweep, drawn by gnuplot; the data are inline.\n"
         "$sweep << EOD\nh", f);
  for (int id = 0; id < BP_NGRADS; id++)
    fprintf (f, "\t%s", bp_grad_name (id));
  fputc ('\n', f);
  for (int s = 0; s < BP_SWEEP_STEPS; s++)
    {
      fprintf (f, "%g", pow (10.0, -(s + 1)));
      for (int id = 0; id < BP_NGRADS; id++)
        /* an exact zero has no logarithm: show it at the bottom */
        fprintf (f, "\t%.3e", isnan (sp->e[s][id]) ? GSL_NAN
                 : fmax (sp->e[s][id], 1e-17));
      fputc ('\n', f);
    }
  fputs ("EOD\n", f);
  if (strcmp (sp->out, "-") == 0)
    fputs ("set terminal dumb size 79,30\n", f);
  else
    put_png_terminal (f, sp->out, 800, 520);
  fputs ("set title 'relative error against centered differences'\n"
         "set xlabel 'step h'\n"
         "set ylabel 'max |a - n| / (|a| + |n|)'\n"
         "set logscale xy\n"
         "set format xy '10^{%L}'\n"
         "set xrange [1e-12:1e-1]\n"
         "set key outside right\n"
         "set grid\n"
         "plot ", f);
  for (int id = 0; id < BP_NGRADS; id++)
    {
      if (isnan (sp->e[0][id]))
        continue;
      fprintf (f, "%s$sweep skip 1 using 1:%d with linespoints title '%s'",
               first ? "" : ", \\\n     ", id + 2, bp_grad_name (id));
      first = 0;
    }
  fputc ('\n', f);
}

int
bp_plot_sweep (double sweep[BP_SWEEP_STEPS][BP_NGRADS], const char *out,
               bp_error *err)
{
  struct sweep_plot sp = { sweep, out };
  return render (out, put_sweep_script, &sp, err);
}
