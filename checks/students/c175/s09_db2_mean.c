/*
 * backward.c -- backward pass, lab 4
 *
 *   z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2,  L = CE + reg(|W1|^2+|W2|^2)
 *
 * one function per gradient.  bias gradients via column views.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void grad_scores(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t i;
    gsl_matrix_memcpy(dz2, prob);
    for (i = 0; i < dz2->size1; i++) {
        double *e = gsl_matrix_ptr(dz2, i, y[i]);
        *e -= 1.0;
    }
    gsl_matrix_scale(dz2, 1.0 / dz2->size1);
}

static void grad_W2(const gsl_matrix *p1, const gsl_matrix *dz2,
                    const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
    gsl_matrix_memcpy(dW2, W2);
    gsl_matrix_scale(dW2, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 1.0, dW2);
}

/* b2 is added to every sample, so its gradient is the batch average of dz2 */
static void grad_b2(const gsl_matrix *dz2, gsl_vector *db2)
{
    size_t i, j;
    for (j = 0; j < dz2->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(dz2, j);
        double s = 0.0;
        for (i = 0; i < col.vector.size; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(db2, j, s / dz2->size1);
    }
}

static void grad_p1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void grad_z1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    size_t i, j;
    for (i = 0; i < dz1->size1; i++) {
        gsl_vector_const_view zrow = gsl_matrix_const_row(z1, i);
        gsl_vector_const_view drow = gsl_matrix_const_row(dp1, i);
        for (j = 0; j < dz1->size2; j++) {
            double z = gsl_vector_get(&zrow.vector, j);
            gsl_matrix_set(dz1, i, j, z > 0 ? gsl_vector_get(&drow.vector, j) : 0.0);
        }
    }
}

static void grad_W1(const gsl_matrix *X, const gsl_matrix *dz1,
                    const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
    gsl_matrix_memcpy(dW1, W1);
    gsl_matrix_scale(dW1, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 1.0, dW1);
}

static void grad_b1(const gsl_matrix *dz1, gsl_vector *db1)
{
    size_t i;
    gsl_vector_set_zero(db1);
    for (i = 0; i < dz1->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dz1, i);
        gsl_vector_add(db1, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    grad_scores(cache->prob, y, g->dz2);
    grad_W2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    grad_b2(g->dz2, g->db2);
    grad_p1(g->dz2, net->W2, g->dp1);
    grad_z1(g->dp1, cache->z1, g->dz1);
    grad_W1(X, g->dz1, net->W1, reg, g->dW1);
    grad_b1(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
