/* backward.c  (two layer net, backward)
 *
 * Each fully connected layer is described by one struct with everything its
 * backward needs: the input it saw, its weights, the reg strength, and where
 * to put the gradients.  backward() fills the structs and calls the layer
 * functions from the last layer to the first.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

struct affine {
    const gsl_matrix *x;   /* layer input  (N, K) */
    const gsl_matrix *W;   /* weights      (K, M) */
    double reg;            /* L2 strength for W */
    gsl_matrix *dx;        /* out: (N, K), or NULL */
    gsl_matrix *dW;        /* out: (K, M) */
    gsl_vector *db;        /* out: (M) */
};

static void softmax_loss_backward(const gsl_matrix *prob, const size_t *y,
                                  gsl_matrix *dscores)
{
    const double inv = 1.0 / (double) prob->size1;
    size_t i, j;

    for (i = 0; i < prob->size1; i++)
        for (j = 0; j < prob->size2; j++)
            gsl_matrix_set(dscores, i, j,
                           inv * (gsl_matrix_get(prob, i, j) - (j == y[i])));
}

static void affine_backward(const gsl_matrix *dout, const struct affine *L)
{
    size_t i;

    /* dW = x^T dout + 2 reg W  (reg*||W||^2 in the loss) */
    gsl_matrix_memcpy(L->dW, L->W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, L->x, dout, 2.0 * L->reg,
                   L->dW);

    /* db = column sums */
    gsl_vector_set_zero(L->db);
    for (i = 0; i < dout->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dout, i);
        gsl_vector_add(L->db, &row.vector);
    }

    /* dx = dout W^T */
    if (L->dx)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, L->W, 0.0, L->dx);
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *dz)
{
    size_t i, j;

    for (i = 0; i < dz->size1; i++)
        for (j = 0; j < dz->size2; j++) {
            double v = gsl_matrix_get(z, i, j) > 0 ? gsl_matrix_get(dout, i, j)
                                                  : 0.0;
            gsl_matrix_set(dz, i, j, v);
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct affine fc2 = { cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2 };
    struct affine fc1 = { X, net->W1, 0.0, NULL, g->dW1, g->db1 };

    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    softmax_loss_backward(cache->prob, y, g->dz2);
    affine_backward(g->dz2, &fc2);
    relu_backward(g->dp1, cache->z1, g->dz1);
    affine_backward(g->dz1, &fc1);

    g->present = BP_GRADS_ALL;
    return 0;
}
