/*********************************************************
 * backward.c   Homework 4                               *
 * Backpropagation through   X -> affine -> relu ->      *
 *                           affine -> softmax loss      *
 *********************************************************/

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* ---- output layer ---- */

    /* dZ2 = (probs - onehot) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double v = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) v -= 1.0;
            gsl_matrix_set(g->dz2, i, j, v / N);
        }
    }

    /* dW2 = A1^T dZ2  (A1 = hidden activations) */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

    /* db2 */
    for (j = 0; j < C; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* ---- hidden layer ---- */

    /* dA1 = dZ2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dZ1 = dA1 * relu'(Z1) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);
        }
    }

    /* dW1 = X^T dZ1, then the regularization gradient 2*reg*W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    {
        gsl_matrix *tmp = gsl_matrix_alloc(net->D, H);
        gsl_matrix_memcpy(tmp, net->W1);
        gsl_matrix_scale(tmp, 2.0 * reg);
        gsl_matrix_add(g->dW1, tmp);
        gsl_matrix_free(tmp);
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
