/*  nn_backward.c
 *  backprop for the 2-layer net (homework 5)
 *  author: j. okafor
 *
 *  one_sample() does everything for a single row and adds into g, the
 *  main function just loops over the rows and at the end averages.  The
 *  parameter gradients are one block (dtheta) so I zero and scale that
 *  in one go.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define M(A, r, c)  ((A)->data[(r) * (A)->tda + (c)])
#define V(v, r)     ((v)->data[(r) * (v)->stride])

int backward(const bp_net *, const gsl_matrix *, const size_t *, double,
             const bp_cache *, bp_grads *);

static void
one_sample(const bp_net *net, const gsl_matrix *X, size_t yi,
           const bp_cache *cache, bp_grads *g, size_t i,
           double *ds, double *dh)
{
    size_t H = net->H, C = net->C, D = net->D, j, k, d;
    double invN = 1.0 / X->size1;

    for (k = 0; k < C; k++)
        ds[k] = M(cache->prob, i, k);
    ds[yi] -= 1.0;

    for (k = 0; k < C; k++) {
        M(g->dz2, i, k) = ds[k] * invN;
        V(g->db2, k) += ds[k];
    }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            M(g->dW2, j, k) += M(cache->p1, i, j) * ds[k];

    for (j = 0; j < H; j++) {
        double t = 0;
        for (k = 0; k < C; k++)
            t += M(net->W2, j, k) * ds[k];
        M(g->dp1, i, j) = t * invN;
        dh[j] = M(cache->z1, i, j) > 0 ? t : 0;
        M(g->dz1, i, j) = dh[j] * invN;
        V(g->db1, j) += dh[j];
    }
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++)
            M(g->dW1, d, j) += M(X, i, d) * dh[j];
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y, double reg,
         const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j, k, d;
    double *ds = malloc(net->C * sizeof *ds);
    double *dh = malloc(net->H * sizeof *dh);

    if (ds == NULL || dh == NULL) {
        free(ds);
        free(dh);
        return -1;
    }

    gsl_vector_set_zero(g->dtheta);         /* dW1 b1 dW2 b2 */
    for (i = 0; i < N; i++)
        one_sample(net, X, y[i], cache, g, i, ds, dh);
    gsl_vector_scale(g->dtheta, 1.0 / N);   /* mean over the batch */

    /* + 2 reg W */
    for (j = 0; j < net->H; j++)
        for (k = 0; k < net->C; k++)
            M(g->dW2, j, k) += 2 * reg * M(net->W2, j, k);
    for (d = 0; d < net->D; d++)
        for (j = 0; j < net->H; j++)
            M(g->dW1, d, j) += 2 * reg * M(net->W1, d, j);

    free(ds);
    free(dh);
    g->present = BP_GRADS_ALL;
    return 0;
}
