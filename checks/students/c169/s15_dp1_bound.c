/* lab 4 -- backward pass
 * Cem + Dana
 * A: dW and db in one go for each layer
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores = (probs - 1 at y) / N */
    gsl_matrix_memcpy (g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale (g->dz2, 1.0 / (double) N);

    /* layer 2: dW2 and db2 */
    gsl_matrix_set_zero (g->dW2);
    gsl_vector_set_zero (g->db2);
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double ds = gsl_matrix_get (g->dz2, i, k);
            for (j = 0; j < H; j++)
                gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k) + gsl_matrix_get (cache->p1, i, j) * ds);
            gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + ds);
        }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k) + 2.0 * reg * gsl_matrix_get (net->W2, j, k));

    /* dhidden[i][j] = sum_k dscores[i][k] * W2[j][k] */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C - 1; k++)
                s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
            gsl_matrix_set (g->dp1, i, j, s);
        }

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

    /* layer 1: dW1 and db1 */
    gsl_matrix_set_zero (g->dW1);
    gsl_vector_set_zero (g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double dz = gsl_matrix_get (g->dz1, i, j);
            for (k = 0; k < D; k++)
                gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j) + gsl_matrix_get (X, i, k) * dz);
            gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + dz);
        }
    // B: reg at the end, like for W2
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j) + 2.0 * reg * gsl_matrix_get (net->W1, k, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
