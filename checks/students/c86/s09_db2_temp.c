/* backward.c -- Lab 4, backward pass in C.
 * Port of my numpy solution (neural_net.py), numpy kept in comments.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, C = net->C, H = net->H;
    size_t i, c, h;
    double *dscores, *mask;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    dscores = malloc (N * C * sizeof (double));
    mask = malloc (N * H * sizeof (double));

    /* dscores = probs.copy() */
    for (i = 0; i < N; i++)
        for (c = 0; c < C; c++)
            dscores[i * C + c] = gsl_matrix_get (cache->prob, i, c);

    /* dscores[np.arange(N), y] -= 1 */
    for (i = 0; i < N; i++)
        dscores[i * C + y[i]] -= 1;

    /* dscores /= N */
    for (i = 0; i < N; i++)
        for (c = 0; c < C; c++)
            gsl_matrix_set (g->dz2, i, c, dscores[i * C + c] / N);

    /* dW2 = hidden.T.dot(dscores) + 2 * reg * W2 */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                    2 * reg, g->dW2);

    /* db2 = np.sum(dscores, axis=0) */
    for (c = 0; c < C; c++) {
        double total = 0;
        for (i = 0; i < N; i++)
            total += dscores[i * C + c];
        gsl_vector_set (g->db2, c, total);
    }

    /* dhidden = dscores.dot(W2.T) */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* mask = (hidden > 0) */
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++)
            mask[i * H + h] = gsl_matrix_get (cache->z1, i, h) > 0 ? 1.0 : 0.0;

    /* dhidden = dhidden * mask */
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++)
            gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (g->dp1, i, h) * mask[i * H + h]);

    /* dW1 = X.T.dot(dhidden) + 2 * reg * W1 */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    /* db1 = np.sum(dhidden, axis=0) */
    for (h = 0; h < H; h++) {
        double total = 0;
        for (i = 0; i < N; i++)
            total += gsl_matrix_get (g->dz1, i, h);
        gsl_vector_set (g->db1, h, total);
    }

    free (dscores);
    free (mask);
    g->present = BP_GRADS_ALL;
    return 0;
}
