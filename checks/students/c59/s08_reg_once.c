/* backward.c -- backward pass for the two-layer net, using GSL's BLAS.
 *
 * The only scratch is one static hidden-size buffer (dp1, mask, dz1 in
 * turn) and a ones vector for the bias sums.
 */
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAX_N 64
#define MAX_D 32
#define MAX_H 64
#define MAX_C 16

static double one[MAX_N];
static double buf[MAX_N * MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    gsl_vector_view ones;
    gsl_matrix_view hid;

    if (N > MAX_N || D > MAX_D || H > MAX_H || C > MAX_C)
        return -1;

    for (i = N; i-- > 0;)
        one[i] = 1.0;
    ones = gsl_vector_view_array(one, N);
    hid = gsl_matrix_view_array(buf, N, H);

    /* dz2 = (prob - Y) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = N; i-- > 0;)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* dW2 = p1' dz2, then the regularisation */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (i = H; i-- > 0;)
        for (j = C; j-- > 0;)
            *gsl_matrix_ptr(g->dW2, i, j) += reg * gsl_matrix_get(net->W2, i, j);

    /* db2 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, &ones.vector, 0.0, g->db2);

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, &hid.matrix);
    gsl_matrix_memcpy(g->dp1, &hid.matrix);

    /* mask (1.0 / 0.0) in buf, then dz1 = dp1 .* mask */
    for (i = N; i-- > 0;)
        for (j = H; j-- > 0;)
            buf[i * H + j] = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
    gsl_matrix_mul_elements(&hid.matrix, g->dp1);
    gsl_matrix_memcpy(g->dz1, &hid.matrix);

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, &ones.vector, 0.0, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
