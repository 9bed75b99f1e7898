/* Backward pass (assignment 3).
 *
 * Memory: one calloc, split into
 *   dout   N*C
 *   tmp    N*H   first p1 transposed (H rows of N), later the hidden grad
 *   dpre   N*H
 *   gradW2 H*C
 *   gradW1 D*H
 * The biases are summed straight into g.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void transpose_into(const gsl_matrix *A, double *At)
{
    size_t r, c;
    for (r = 0; r < A->size1; r++)
        for (c = 0; c < A->size2; c++)
            At[c * A->size1 + r] = gsl_matrix_get(A, r, c);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *mem = calloc(N*C + 2*N*H + H*C + D*H, sizeof(double));
    if (mem == NULL)
        return 1;
    double *dout = mem;
    double *tmp = dout + N*C;
    double *dpre = tmp + N*H;
    double *gradW2 = dpre + N*H;
    double *gradW1 = gradW2 + H*C;

    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            dout[i*C + k] = gsl_matrix_get(cache->prob, i, k);
        dout[i*C + y[i]] -= 1.0;
        for (k = 0; k < C; k++)
            dout[i*C + k] /= N;
    }

    /* gradW2 = p1^T dout, with p1^T in tmp so the inner loop is contiguous */
    transpose_into(cache->p1, tmp);
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += tmp[j*N + i] * dout[i*C + k];
            gradW2[j*C + k] = s + 2.0 * reg * gsl_matrix_get(net->W2, j, k);
        }
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            g->db2->data[k * g->db2->stride] += dout[i*C + k];

    /* hidden grad, tmp is free again (all zero from calloc) */
    double *dhid = tmp;
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                dhid[i*H + j] += dout[i*C + k] * gsl_matrix_get(net->W2, j, k);

    for (i = 0; i < N*H; i++)
        dpre[i] = cache->z1->data[(i / H) * cache->z1->tda + i % H] > 0 ? dhid[i] : 0;

    /* gradW1 = X^T dpre + 2 reg W1 */
    {
        gsl_matrix_view dp = gsl_matrix_view_array(dpre, N, H);
        gsl_matrix_view gw = gsl_matrix_view_array(gradW1, D, H);
        gsl_matrix_memcpy(&gw.matrix, net->W1);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &dp.matrix,
                       2.0 * reg, &gw.matrix);
    }
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            g->db1->data[j * g->db1->stride] += dpre[i*H + j];

    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, dout[i*C + k]);
        for (j = 0; j < H; j++)
        {
            gsl_matrix_set(g->dp1, i, j, dhid[i*H + j]);
            gsl_matrix_set(g->dz1, i, j, dpre[i*H + j]);
        }
    }
    for (j = 0; j < H*C; j++)
        gsl_matrix_set(g->dW2, j / C, j % C, gradW2[j]);
    for (j = 0; j < D*H; j++)
        gsl_matrix_set(g->dW1, j / H, j % H, gradW1[j]);

    free(mem);
    g->present = BP_GRADS_ALL;
    return 0;
}
