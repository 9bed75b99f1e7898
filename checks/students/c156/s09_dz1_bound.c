/* backward.c
 *
 * Backward pass for the two layer net, as in the notes.
 * dz1 is dp1 copied, and then zeroed where the relu was off.
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t k;
    double *dz2 = g->dz2->data;
    double *dz1 = g->dz1->data;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    memcpy(dz2, cache->prob->data, N * C * sizeof(double));
    for (k = 0; k < N * C; k++) {
        if (k % C == y[k / C])
            dz2[k] -= 1.0;
        dz2[k] /= (double)N;
    }

    /* dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (k = 0; k < N * C; k++)
        g->db2->data[k % C] += dz2[k];

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                   g->dp1);

    /* dz1: copy dp1, kill the entries where z1 <= 0 */
    memcpy(dz1, g->dp1->data, N * H * sizeof(double));
    for (k = 0; k < N * C; k++)
        if (cache->z1->data[k] <= 0.0)
            dz1[k] = 0.0;

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (k = 0; k < N * H; k++)
        g->db1->data[k % H] += dz1[k];

    g->present = BP_GRADS_ALL;
    return 0;
}
