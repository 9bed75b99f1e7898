/* backward.c
 * ----------
 * Backward pass, two layer net.  The regulariser is the same for both
 * weight matrices so it has its own helper, add_reg().
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW += d/dW of reg*|W|^2, over all n entries */
static void add_reg(double *dW, const double *W, size_t n, double reg)
{
    size_t k;
    for (k = 0; k < n; k++)
        dW[k] += reg * W[k];
}

/* column sums of a rows x cols matrix stored flat */
static void col_sums(const double *A, size_t rows, size_t cols, double *out)
{
    size_t k;
    for (k = 0; k < cols; k++)
        out[k] = 0.0;
    for (k = 0; k < rows * cols; k++)
        out[k % cols] += A[k];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (k = 0; k < N * C; k++) {
        double v = cache->prob->data[k];
        if (y[k / C] == k % C)
            v -= 1.0;
        g->dz2->data[k] = v / N;
    }

    /* W2, b2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                   g->dW2);
    add_reg(g->dW2->data, net->W2->data, H * C, reg);
    col_sums(g->dz2->data, N, C, g->db2->data);

    /* back into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                   g->dp1);
    for (k = 0; k < N * H; k++)
        g->dz1->data[k] = cache->z1->data[k] > 0 ? g->dp1->data[k] : 0.0;

    /* W1, b1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    add_reg(g->dW1->data, net->W1->data, D * H, reg);
    col_sums(g->dz1->data, N, H, g->db1->data);

    g->present = BP_GRADS_ALL;
    return 0;
}
