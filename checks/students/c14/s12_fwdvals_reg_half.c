/*
 * backward.c -- Camille Durand, TP 3 (reseaux de neurones)
 *
 * Struct `fwd` holds my own forward values in fixed arrays; run_forward()
 * fills it from X and the parameters.  Then the backward pass uses only
 * those values.
 *
 * Loss L = mean CE + reg * (sum W1^2 + sum W2^2)
 */
#include <math.h>
#include "backprop.h"

#define MAXN 64
#define MAXH 64
#define MAXC 16

struct fwd {
    double z[MAXN][MAXH];    /* pre-activation */
    double h[MAXN][MAXH];    /* relu */
    double s[MAXN][MAXC];    /* scores */
    double p[MAXN][MAXC];    /* probabilities */
};

static struct fwd F;         /* too big for the stack, so static */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void run_forward(const bp_net *net, const gsl_matrix *X, struct fwd *f)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            f->z[i][j] = gsl_vector_get(net->b1, j);
            for (k = 0; k < D; k++)
                f->z[i][j] += gsl_matrix_get(X, i, k) * gsl_matrix_get(net->W1, k, j);
            f->h[i][j] = f->z[i][j] > 0.0 ? f->z[i][j] : 0.0;
        }
    }
    for (i = 0; i < N; i++) {
        double big, tot = 0.0;
        for (k = 0; k < C; k++) {
            f->s[i][k] = gsl_vector_get(net->b2, k);
            for (j = 0; j < H; j++)
                f->s[i][k] += f->h[i][j] * gsl_matrix_get(net->W2, j, k);
        }
        big = f->s[i][0];
        for (k = 1; k < C; k++)
            if (f->s[i][k] > big)
                big = f->s[i][k];
        for (k = 0; k < C; k++) {
            f->p[i][k] = exp(f->s[i][k] - big);
            tot += f->p[i][k];
        }
        for (k = 0; k < C; k++)
            f->p[i][k] /= tot;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, d;
    double sum;

    (void) cache;
    if (N > MAXN || H > MAXH || C > MAXC)
        return 1;

    run_forward(net, X, &F);

    /* scores */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k,
                           (F.p[i][k] - (y[i] == k ? 1.0 : 0.0)) / (double) N);

    /* W2 : h^T dz2 + d/dW2 (reg W2^2) = ... + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += F.h[i][j] * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, sum + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }

    /* b2 */
    for (k = 0; k < C; k++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* hidden */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
            gsl_matrix_set(g->dz1, i, j, F.z[i][j] > 0.0 ? sum : 0.0);
        }

    /* W1 */
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, d, j, sum + reg * gsl_matrix_get(net->W1, d, j));
        }

    /* b1 */
    for (j = 0; j < H; j++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
