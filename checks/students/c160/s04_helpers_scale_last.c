/* HW3 - backward pass (two layer net)
 * helpers first, the backward function at the bottom.
 * I leave the 1/N out of dL/dprob and divide dz2 by N at the end, it is
 * the same thing because everything after the loss is linear in it. */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* J[a][b] = d softmax_a / d z_b = p_a (delta_ab - p_b) */
static void softmax_jacobian(const gsl_vector *p, gsl_matrix *J) {
    size_t a, b, C = p->size;
    for (a = 0; a < C; a++) {
        for (b = 0; b < C; b++) {
            double pa = gsl_vector_get(p, a), pb = gsl_vector_get(p, b);
            gsl_matrix_set(J, a, b, pa * ((a == b) - pb));
        }
    }
}

/* out = v^T M, v a row vector */
static void vec_times_mat(const gsl_vector *v, const gsl_matrix *M, gsl_vector *out) {
    size_t a, b;
    for (b = 0; b < M->size2; b++) {
        double s = 0.0;
        for (a = 0; a < M->size1; a++)
            s += gsl_vector_get(v, a) * gsl_matrix_get(M, a, b);
        gsl_vector_set(out, b, s);
    }
}

/* s = sum of the rows of A */
static void col_sums(const gsl_matrix *A, gsl_vector *s) {
    size_t i;
    gsl_vector_set_zero(s);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(s, &r.vector);
    }
}

/* dW = A^T dZ + 2 reg W */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW) {
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, C = net->C, i, h;
    gsl_matrix *J = gsl_matrix_alloc(C, C);
    gsl_vector *dprob = gsl_vector_calloc(C);

    /* dz2, one sample at a time */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view out = gsl_matrix_row(g->dz2, i);
        softmax_jacobian(&p.vector, J);
        gsl_vector_set_zero(dprob);
        gsl_vector_set(dprob, y[i], -1.0 / gsl_vector_get(&p.vector, y[i]));
        vec_times_mat(dprob, J, &out.vector);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);      /* the mean */

    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    col_sums(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < N; i++)
        for (h = 0; h < net->H; h++)
            gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(cache->z1, i, h) > 0
                           ? gsl_matrix_get(g->dp1, i, h) : 0.0);

    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    col_sums(g->dz1, g->db1);

    gsl_matrix_free(J);
    gsl_vector_free(dprob);
    g->present = BP_GRADS_ALL;
    return 0;
}
