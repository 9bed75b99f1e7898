/*
 * HW4: backward pass for the two layer net.
 * Writing into g directly (no local arrays), TODO numbers as in the
 * skeleton.  colsum() is used for both bias gradients.
 */
#include "backprop.h"

#define M(A, i, j) gsl_matrix_get((A), (i), (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum_i A[i][j] */
static void colsum(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            out->data[j * out->stride] += A->data[i * A->tda + j];
}

/* C = A^T B + alpha*W, everything gsl */
static void at_b_plus(const gsl_matrix *A, const gsl_matrix *B,
                      double alpha, const gsl_matrix *W, gsl_matrix *out)
{
    size_t r, c, n;
    for (r = 0; r < A->size2; r++)
        for (c = 0; c < B->size2; c++) {
            double s = alpha * M(W, r, c);
            for (n = 0; n < A->size1; n++)
                s += M(A, n, r) * M(B, n, c);
            gsl_matrix_set(out, r, c, s);
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    /* TODO 1: dscores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], M(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* TODO 2: dW2 */
    at_b_plus(cache->p1, g->dz2, 2.0 * reg, net->W2, g->dW2);

    /* TODO 3: db2 */
    colsum(g->dz2, g->db2);

    /* TODO 4: dhidden */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += M(g->dz2, i, k) * M(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }

    /* TODO 5: dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, M(cache->z1, i, j) > 0 ? M(g->dp1, i, j) : 0.0);

    /* TODO 6: dW1 */
    at_b_plus(X, g->dz1, 2.0 * reg, net->W1, g->dW1);

    /* TODO 7: db1 */
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
