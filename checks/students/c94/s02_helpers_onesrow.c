// backward pass, two layer net
// I wrote one helper for an affine layer and use it twice (like the python
// version in the assignment).  Column sums are done as a (1 x N) row of
// ones times the matrix, so db comes out as a 1 x M matrix view of the
// bias gradient.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// dW = A' dZ + 2 reg W,  db = 1' dZ
static void affine_back(const gsl_matrix *dZ, const gsl_matrix *A,
                        const gsl_matrix *W, double reg,
                        gsl_matrix *dW, gsl_vector *db)
{
    gsl_matrix *onesrow = gsl_matrix_alloc(1, dZ->size1);
    gsl_matrix *regterm = gsl_matrix_alloc(W->size1, W->size2);
    gsl_matrix_view db_m = gsl_matrix_view_vector(db, 1, db->size);

    gsl_matrix_set_all(onesrow, 1.0);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, onesrow, dZ, 0.0, &db_m.matrix);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
    gsl_matrix_memcpy(regterm, W);
    gsl_matrix_scale(regterm, 2.0 * reg);
    gsl_matrix_add(dW, regterm);

    gsl_matrix_free(regterm);
    gsl_matrix_free(onesrow);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1;
    size_t h = net->H, c = net->C;

    if (n != cache->N || X->size2 != net->D || g->N != n)
        return 1;

    gsl_matrix *Y = gsl_matrix_calloc(n, c);     // one hot labels
    gsl_matrix *relu_grad = gsl_matrix_alloc(n, h);

    for (size_t i = 0; i < n; i++)
        gsl_matrix_set(Y, i, y[i], 1.0);

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, Y);
    gsl_matrix_scale(g->dz2, 1.0 / (double)n);

    // second layer: dW2, db2
    affine_back(g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2);

    // back into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: derivative is 1 where z1 > 0 else 0
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < h; j++)
            gsl_matrix_set(relu_grad, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, relu_grad);
    gsl_matrix_mul_elements(g->dz1, g->dp1);

    // first layer
    affine_back(g->dz1, X, net->W1, reg, g->dW1, g->db1);

    gsl_matrix_free(relu_grad);
    gsl_matrix_free(Y);
    g->present = BP_GRADS_ALL;
    return 0;
}
