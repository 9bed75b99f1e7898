// two-layer net backward, GSL version of my numpy code
// (numpy in the comments)

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// numpy: v.sum()
static double vsum(const gsl_vector *v)
{
    double s = 0.0;
    for (size_t k = 0; k < v->size; k++)
        s += gsl_vector_get(v, k);
    return s;
}

// numpy: A.T @ B   (written so I stop getting the flags wrong)
static void matmul_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

// numpy: A @ B.T
static void matmul_nt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, out);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;

    // dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // grads['W2'] = a1.T @ dscores + 2 * reg * W2
    matmul_tn(cache->p1, g->dz2, g->dW2);
    gsl_matrix *tmp = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(tmp, net->W2);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(g->dW2, tmp);
    gsl_matrix_free(tmp);

    // grads['b2'] = np.sum(dscores, axis=1)
    for (size_t j = 0; j < C; j++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, j);
        gsl_vector_set(g->db2, j, vsum(&r.vector));
    }

    // da1 = dscores @ W2.T
    matmul_nt(g->dz2, net->W2, g->dp1);

    // dz1 = da1 * (z1 > 0)
    gsl_matrix *mask = gsl_matrix_alloc(N, H);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);
    gsl_matrix_free(mask);

    // grads['W1'] = X.T @ dz1 + 2 * reg * W1
    matmul_tn(X, g->dz1, g->dW1);
    gsl_matrix *tmp1 = gsl_matrix_alloc(net->D, H);
    gsl_matrix_memcpy(tmp1, net->W1);
    gsl_matrix_scale(tmp1, 2.0 * reg);
    gsl_matrix_add(g->dW1, tmp1);
    gsl_matrix_free(tmp1);

    // grads['b1'] = np.sum(dz1, axis=0)
    for (size_t j = 0; j < H; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz1, j);
        gsl_vector_set(g->db1, j, vsum(&col.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
