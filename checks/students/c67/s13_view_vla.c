/* backward.c
 *
 * Work buffers are plain arrays on the stack, wrapped in
 * gsl_matrix_view_array so BLAS can work on them; results are copied into
 * g at the end of each step.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double buf_dz2[N * C], buf_dh[N * H], buf_w2[H * C], buf_w1[D * H];
    double buf_one[N];
    gsl_matrix_view dz2 = gsl_matrix_view_array(buf_dz2, N, C);
    gsl_matrix_view dh  = gsl_matrix_view_array(buf_dh, N, H);
    gsl_matrix_view w2  = gsl_matrix_view_array(buf_w2, H, C);
    gsl_matrix_view w1  = gsl_matrix_view_array(buf_w1, D, H);
    gsl_vector_view one = gsl_vector_view_array(buf_one, N);

    gsl_vector_set_all(&one.vector, 1.0);

    /* gradient of softmax + cross-entropy: p - 1 at the true class */
    gsl_matrix_memcpy(&dz2.matrix, cache->prob);
    for (i = 0; i < N; i++)
        buf_dz2[i * C + y[i]] -= 1.0;
    gsl_matrix_memcpy(g->dz2, &dz2.matrix);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(&w2.matrix, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &dz2.matrix,
                   2.0 * reg, &w2.matrix);
    gsl_matrix_memcpy(g->dW2, &w2.matrix);

    /* db2 = 1^T dz2 */
    gsl_blas_dgemv(CblasTrans, 1.0, &dz2.matrix, &one.vector, 0.0, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dz2.matrix, net->W2,
                   0.0, &dh.matrix);
    gsl_matrix_memcpy(g->dp1, &dh.matrix);

    /* relu, in place on the buffer */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                buf_dh[i * H + j] = 0.0;
    gsl_matrix_memcpy(g->dz1, &dh.matrix);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(&w1.matrix, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &dh.matrix,
                   2.0 * reg, &w1.matrix);
    gsl_matrix_memcpy(g->dW1, &w1.matrix);

    gsl_blas_dgemv(CblasTrans, 1.0, &dh.matrix, &one.vector, 0.0, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
