/*****************************************************************
 * backward.c   (CS-xxx, homework 3)
 *
 * Gradients of the 2-layer net.  Scratch matrices are static and
 * allocated lazily; ws_check() throws them away if the batch size
 * or the layer sizes are not the ones they were made for.
 *****************************************************************/
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *ws_dz2 = NULL;   /* N x C */
static gsl_matrix *ws_dp1 = NULL;   /* N x H */
static gsl_vector *ws_one = NULL;   /* N */

static void ws_check(size_t N, size_t H, size_t C)
{
    if (ws_dz2 && ws_dz2->size1 == N && ws_dz2->size2 == C
        && ws_dp1->size2 == H)
        return;
    if (ws_dz2) {
        gsl_matrix_free(ws_dz2);
        gsl_matrix_free(ws_dp1);
        gsl_vector_free(ws_one);
    }
    ws_dz2 = gsl_matrix_alloc(N, C);
    ws_dp1 = gsl_matrix_alloc(N, H);
    ws_one = gsl_vector_alloc(N);
    gsl_vector_set_all(ws_one, 1.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, i, j;
    double invN = 1.0 / (double) N;   /* the loss is a mean */

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    ws_check(N, H, C);

    /* dz2 */
    gsl_matrix_memcpy(ws_dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(ws_dz2, i, y[i], gsl_matrix_get(ws_dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(ws_dz2, invN);
    gsl_matrix_memcpy(g->dz2, ws_dz2);

    /* dW2 and db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, ws_dz2,
                   2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, ws_dz2, ws_one, 0.0, g->db2);

    /* dp1 = dz2 W2^T, averaged over the batch */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, invN, ws_dz2, net->W2, 0.0,
                   ws_dp1);
    gsl_matrix_memcpy(g->dp1, ws_dp1);

    /* dz1 = dp1 where z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(ws_dp1, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, ws_dp1);

    /* dW1 and db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, ws_dp1, 2.0 * reg,
                   g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, ws_dp1, ws_one, 0.0, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
