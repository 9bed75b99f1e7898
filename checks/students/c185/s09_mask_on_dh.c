/* backward.c  (hw 3, problem 4)
 *
 * One allocation for the whole workspace, described by a struct of
 * pointers into it.  Small matrix helpers on flat row-major arrays.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

struct work {
    double *base;
    double *dS;     /* N x C */
    double *dA;     /* N x H, dL/dp1 */
    double *dZ;     /* N x H, dL/dz1 */
    double *gW2;    /* H x C */
    double *gW1;    /* D x H */
};

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* copy a gsl matrix into a flat piece of row length m->size2 */
static void flat(const gsl_matrix *m, double *out)
{
    size_t r;
    for (r = 0; r < m->size1; r++)
        memcpy(out + r * m->size2, m->data + r * m->tda, m->size2 * sizeof *out);
}

static void unflat(const double *in, gsl_matrix *m)
{
    size_t r;
    for (r = 0; r < m->size1; r++)
        memcpy(m->data + r * m->tda, in + r * m->size2, m->size2 * sizeof *in);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
    struct work w;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    w.base = calloc(N * C + 2 * N * H + H * C + D * H, sizeof(double));
    if (!w.base)
        return 1;
    w.dS = w.base;
    w.dA = w.dS + N * C;
    w.dZ = w.dA + N * H;
    w.gW2 = w.dZ + N * H;
    w.gW1 = w.gW2 + H * C;

    flat(cache->prob, w.dS);
    for (i = 0; i < N; i++)
        w.dS[i * C + y[i]] -= 1;
    for (i = 0; i < N * C; i++)
        w.dS[i] *= 1.0 / N;

    flat(net->W2, w.gW2);
    for (i = 0; i < H * C; i++)
        w.gW2[i] *= 2 * reg;
    for (j = 0; j < H; j++)
        for (i = 0; i < N; i++)
            for (k = 0; k < C; k++)
                w.gW2[j * C + k] += gsl_matrix_get(cache->p1, i, j) * w.dS[i * C + k];

    for (k = 0; k < C; k++) {
        double t = 0;
        for (i = 0; i < N; i++)
            t += w.dS[i * C + k];
        gsl_vector_set(g->db2, k, t);
    }

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                w.dA[i * H + j] += w.dS[i * C + k] * gsl_matrix_get(net->W2, j, k);

    /* relu: gradient passes where the unit was active */
    for (i = 0; i < N * H; i++)
        w.dZ[i] = w.dA[i] > 0 ? w.dA[i] : 0;

    flat(net->W1, w.gW1);
    for (i = 0; i < D * H; i++)
        w.gW1[i] *= 2 * reg;
    for (k = 0; k < D; k++)
        for (i = 0; i < N; i++)
            for (j = 0; j < H; j++)
                w.gW1[k * H + j] += gsl_matrix_get(X, i, k) * w.dZ[i * H + j];

    for (j = 0; j < H; j++) {
        double t = 0;
        for (i = 0; i < N; i++)
            t += w.dZ[i * H + j];
        gsl_vector_set(g->db1, j, t);
    }

    unflat(w.dS, g->dz2);
    unflat(w.gW2, g->dW2);
    unflat(w.dA, g->dp1);
    unflat(w.dZ, g->dz1);
    unflat(w.gW1, g->dW1);

    free(w.base);
    g->present = BP_GRADS_ALL;
    return 0;
}
