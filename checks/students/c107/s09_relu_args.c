/* backward.c  (hw2, two layer net)
 *
 * numpy -> C.  helpers:
 *   matmul(A, B, out)          out = A.dot(B)
 *   transpose_alloc(A)         A.T, new matrix
 *   sum_rows(A, out)           np.sum(A, axis=0)
 *   relu_grad(x, dout, dx)     dx = dout * (x > 0)
 *   scale_add(A, B, a)         A += a * B
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void matmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

static gsl_matrix *transpose_alloc(const gsl_matrix *A)
{
    gsl_matrix *T = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(T, A);
    return T;
}

static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            out->data[j * out->stride] += gsl_matrix_get(A, i, j);
}

/* relu backward: dout where the input x was positive */
static void relu_grad(const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
    size_t i, j;
    for (i = 0; i < dx->size1; i++)
        for (j = 0; j < dx->size2; j++) {
            double v = gsl_matrix_get(x, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0.0;
            gsl_matrix_set(dx, i, j, v);
        }
}

static void scale_add(gsl_matrix *A, const gsl_matrix *B, double a)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(A, i, j, gsl_matrix_get(A, i, j) + a * gsl_matrix_get(B, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    gsl_matrix *dscores = g->dz2, *dhidden = g->dp1;
    gsl_matrix *hT, *W2T, *XT;

    /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1);
    gsl_matrix_scale(dscores, 1.0 / N);

    /* W2 */
    hT = transpose_alloc(cache->p1);
    matmul(hT, dscores, g->dW2);
    scale_add(g->dW2, net->W2, 2 * reg);
    /* b2 */
    sum_rows(dscores, g->db2);

    /* dhidden = dscores.dot(W2.T) */
    W2T = transpose_alloc(net->W2);
    matmul(dscores, W2T, dhidden);

    /* dhidden[hidden_layer <= 0] = 0 */
    relu_grad(cache->z1, dhidden, g->dz1);

    /* W1 */
    XT = transpose_alloc(X);
    matmul(XT, g->dz1, g->dW1);
    scale_add(g->dW1, net->W1, 2 * reg);
    /* b1 */
    sum_rows(g->dz1, g->db1);

    gsl_matrix_free(hT);
    gsl_matrix_free(W2T);
    gsl_matrix_free(XT);
    g->present = BP_GRADS_ALL;
    return 0;
}
