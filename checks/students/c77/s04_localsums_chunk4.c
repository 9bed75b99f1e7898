// backward.c  (hw3)  -- chunked so that the big (N,H) work is CH rows at once
#include "backprop.h"
#include <gsl/gsl_blas.h>

#define CH 4
#define MIN(a, b) ((a) < (b) ? (a) : (b))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // running sums, kept outside g until the end
    gsl_matrix *sW1 = gsl_matrix_calloc(D, H);
    gsl_matrix *sW2 = gsl_matrix_calloc(H, C);
    gsl_vector *sb1 = gsl_vector_calloc(H);
    gsl_vector *sb2 = gsl_vector_calloc(C);
    gsl_vector *ones = gsl_vector_alloc(CH);
    gsl_vector_set_all(ones, 1.0);

    for (size_t off = 0; off < N; off += CH) {
        size_t m = MIN(CH, N - off);
        gsl_vector_view one = gsl_vector_subvector(ones, 0, m);

        gsl_matrix_const_view x  = gsl_matrix_const_submatrix(X, off, 0, m, D);
        gsl_matrix_const_view pr = gsl_matrix_const_submatrix(cache->prob, off, 0, m, C);
        gsl_matrix_const_view a1 = gsl_matrix_const_submatrix(cache->p1, off, 0, m, H);
        gsl_matrix_const_view z1 = gsl_matrix_const_submatrix(cache->z1, off, 0, m, H);
        gsl_matrix_view dz2 = gsl_matrix_submatrix(g->dz2, off, 0, m, C);
        gsl_matrix_view dp1 = gsl_matrix_submatrix(g->dp1, off, 0, m, H);
        gsl_matrix_view dz1 = gsl_matrix_submatrix(g->dz1, off, 0, m, H);

        // dz2
        gsl_matrix_memcpy(&dz2.matrix, &pr.matrix);
        for (size_t i = 0; i < m; i++)
            *gsl_matrix_ptr(&dz2.matrix, i, y[off + i]) -= 1.0;
        gsl_matrix_scale(&dz2.matrix, 1.0 / N);

        // layer 2 params: sums over the rows of this chunk
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &a1.matrix, &dz2.matrix, 1.0, sW2);
        gsl_blas_dgemv(CblasTrans, 1.0, &dz2.matrix, &one.vector, 1.0, sb2);

        // back into the hidden layer
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dz2.matrix, net->W2, 0.0, &dp1.matrix);
        gsl_matrix_memcpy(&dz1.matrix, &dp1.matrix);
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < H; j++)
                if (!(gsl_matrix_get(&z1.matrix, i, j) > 0))
                    gsl_matrix_set(&dz1.matrix, i, j, 0.0);

        // layer 1 params
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &x.matrix, &dz1.matrix, 1.0, sW1);
        gsl_blas_dgemv(CblasTrans, 1.0, &dz1.matrix, &one.vector, 1.0, sb1);
    }

    // write out, with the L2 term (no 1/2 in our loss -> factor 2)
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    gsl_matrix_add(g->dW1, sW1);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2 * reg);
    gsl_matrix_add(g->dW2, sW2);
    gsl_vector_memcpy(g->db1, sb1);
    gsl_vector_memcpy(g->db2, sb2);

    gsl_matrix_free(sW1); gsl_matrix_free(sW2);
    gsl_vector_free(sb1); gsl_vector_free(sb2); gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
